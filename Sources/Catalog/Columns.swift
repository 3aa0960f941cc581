import GRDB
import LecternCore

// LecternCore's enums as database values: stored as their raw strings, decoded back into the
// enum, so a record's `status` or `role` is never a free string. A value the code does not
// know (a newer Lectern wrote it) fails to decode, loudly, instead of passing as text.
extension ReviewStatus: DatabaseValueConvertible {}
extension UserRole: DatabaseValueConvertible {}
