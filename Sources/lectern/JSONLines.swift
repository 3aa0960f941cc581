import LecternCore

// The shapes of `--json` lines that are not records of the catalog: one type per shape, so
// a key or a value's type cannot differ from one call site to the next.

/// `lectern init --json`.
struct LibraryCreatedLine: Encodable {
    var library: String
}

/// `lectern org import --json`.
struct OrganisationsImportedLine: Encodable {
    var imported: Int
}

/// `lectern user add --json`.
struct UserAddedLine: Encodable {
    var name: String
    var role: UserRole
}

/// `lectern user passwd --json`.
struct PasswordSetLine: Encodable {
    var name: String
    var password = "set"
}

/// `lectern review approve|reject|… --json`: the lecture and where the decision left it.
struct DecisionLine: Encodable {
    var id: Int64
    var action: ReviewAction
    var status: ReviewStatus
}

/// `lectern audit verify --json`.
struct AuditVerifyLine: Encodable {
    var verified: Bool
    var events: Int
    /// The first event whose hash does not follow, when the chain is broken.
    var firstBroken: Int64?
}

/// `lectern check --json`'s closing line, after one line per problem.
struct CheckSummaryLine: Encodable {
    struct Summary: Encodable {
        var versions: Int
        var problems: Int
    }
    var summary: Summary
}
