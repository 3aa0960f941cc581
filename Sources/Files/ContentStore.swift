import Foundation

/// The rules every writer of a library's `media/` and `thumbs/` follows, so that several
/// ingest processes, on one host or on several hosts sharing the folder, never lose each
/// other's files. Names are by content: two writers of the same name write the same bytes.
///
/// - A writer places a file by renaming its finished copy to the content's name; when the name
///   is already there it renews that file's modification time instead (and drops its copy).
/// - Nobody removes a stored file because its own catalog write failed: another writer may be
///   about to commit a version naming the same content.
/// - Files no version names are removed by the sweeper only (`lectern sweep`), once untouched
///   for a grace period longer than any ingest takes from placing to committing. The sweeper
///   first moves a candidate aside, then looks at its time again: a writer that renewed it in
///   between gets it back; a writer that came after the move found nothing and placed its own.
public enum ContentStore {
    public enum Placement: Sendable, Equatable {
        /// The copy was renamed into place.
        case placed
        /// The same content was already stored; its time was renewed and the copy dropped.
        case reused
    }

    /// Places `temporary` at `destination` (its folder must exist). Throws the errno of a
    /// failed rename; the temporary copy is then left for the caller.
    public static func place(_ temporary: String, at destination: String) throws(ContentStoreError) -> Placement {
        if renew(destination) {
            unlink(temporary)
            return .reused
        }
        guard rename(temporary, destination) == 0 else { throw ContentStoreError(errno: errno) }
        return .placed
    }

    /// Sets a stored file's or folder's modification time to now; false when it is not there.
    @discardableResult
    public static func renew(_ path: String) -> Bool {
        utimensat(AT_FDCWD, path, nil, 0) == 0
    }

    /// When `path` was last modified (not followed if a link); for a folder, the latest of the
    /// folder and the entries in it (a photo's thumbnail is renewed inside its folder). Nil when absent.
    public static func modified(_ path: String) -> Date? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        var latest = st.st_mtim
        if (st.st_mode & S_IFMT) == S_IFDIR, let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
            for name in names where lstat("\(path)/\(name)", &st) == 0 {
                if (st.st_mtim.tv_sec, st.st_mtim.tv_nsec) > (latest.tv_sec, latest.tv_nsec) { latest = st.st_mtim }
            }
        }
        return Date(timeIntervalSince1970: Double(latest.tv_sec) + Double(latest.tv_nsec) / 1_000_000_000)
    }

    public enum Removal: Sendable, Equatable {
        case removed
        /// Modified within the grace period: somebody placed or renewed it lately.
        case recent
        /// Renewed while it was being moved aside: put back (or dropped, the same content
        /// having been placed again meanwhile).
        case renewed
        /// Gone before the sweeper got to it.
        case absent
        /// Could not be moved aside (the errno): left where it is.
        case failed(Int32)
    }

    /// Removes the stored file or folder at `path` if it was last modified before `cutoff`,
    /// through `aside` (a path in the sweeper's own scratch folder on the same file system).
    public static func remove(_ path: String, ifUntouchedSince cutoff: Date, aside: String) -> Removal {
        guard let before = modified(path) else { return .absent }
        guard before < cutoff else { return .recent }
        guard rename(path, aside) == 0 else { return errno == ENOENT ? .absent : .failed(errno) }
        // The same inode, moved: a writer that renewed it before the move shows here.
        if let after = modified(aside), after >= cutoff {
            if rename(aside, path) != 0 { try? FileManager.default.removeItem(atPath: aside) }
            return .renewed
        }
        try? FileManager.default.removeItem(atPath: aside)  // out of the store either way; scratch goes later
        return .removed
    }
}

/// A rename into the store that failed, with its errno.
public struct ContentStoreError: Error, Sendable, CustomStringConvertible {
    public let errno: Int32
    public var description: String { String(cString: strerror(errno)) }
}
