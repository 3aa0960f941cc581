import Catalog
import LecternCore

// The shapes of `--json` lines that are not records of the catalog: one type per shape, so
// a key or a value's type cannot differ from one call site to the next.

/// `lectern init --json`.
struct LibraryCreatedLine: Codable {
    var library: String
    /// The PostgreSQL catalog's address (no password), when the catalog is there.
    var catalog: String?
}

/// `lectern ingest --enqueue-only --json`: a file put in the queue.
struct JobQueuedLine: Codable {
    var job: Int64
    var file: String
}

/// `lectern queue retry --json`.
struct JobsRetriedLine: Codable {
    var retried: [Int64]
}

/// `lectern org import --json`.
struct OrganisationsImportedLine: Codable {
    var imported: Int
}

/// `lectern user add --json`.
struct UserAddedLine: Codable {
    var name: String
    var role: UserRole
}

/// `lectern user passwd --json`.
struct PasswordSetLine: Codable {
    var name: String
    var password = "set"
}

/// `lectern review approve|reject|… --json`: the lecture and where the decision left it.
struct DecisionLine: Codable {
    var id: Int64
    var action: ReviewAction
    var status: ReviewStatus
}

/// `lectern audit verify --json`.
struct AuditVerifyLine: Codable {
    var verified: Bool
    var events: Int
    /// The first event whose hash does not follow, when the chain is broken.
    var firstBroken: Int64?
}

/// `lectern check --json`'s closing line, after one line per problem.
struct CheckSummaryLine: Codable {
    struct Summary: Codable {
        var versions: Int
        var problems: Int
    }
    var summary: Summary
}

/// `lectern sweep --json`: the last line, after one line per path.
struct SweepSummaryLine: Codable {
    struct Summary: Codable {
        var removed, recent, renewed, failed: Int
        var bytesRemoved: Int64
        var graceSeconds: Double
        var dryRun: Bool
    }
    var summary: Summary
    init(report: SweepReport, graceSeconds: Double) {
        summary = Summary(
            removed: report.count(.removed), recent: report.count(.recent), renewed: report.count(.renewed),
            failed: report.count(.failed), bytesRemoved: report.bytesRemoved, graceSeconds: graceSeconds,
            dryRun: report.dryRun)
    }
}

/// `lectern edit --json`: the lecture and each change made, as the audit log words it.
struct EditedLine: Codable {
    var id: Int64
    var changes: [String]
}
