import Catalog
import Foundation
import LecternCore

/// One catalog engine the conformance suite runs against: SQLite and PostgreSQL; another
/// engine adds its factory here and must pass the same tests.
struct EngineUnderTest: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () throws -> any CatalogEngine

    static let all: [EngineUnderTest] = [.sqlite, .postgres]

    static let sqlite = EngineUnderTest(description: "SQLite") {
        try Catalog(library: TestEngine.sqlite.newLibrary("conformance"))
    }

    /// A library whose catalog is a new database on the tests' server (`TestPostgres`).
    static let postgres = EngineUnderTest(description: "PostgreSQL") {
        try Catalog(library: TestEngine.postgres.newLibrary("conformance"))
    }
}

/// A password hasher for the suite: hashing is the desk's concern, not the engine's (the
/// engine stores and compares what it is given), and bcrypt would only slow the suite.
struct ReversingHasher: PasswordHasher {
    func hash(_ password: String) -> String { "rev:" + String(password.reversed()) }
    func verify(_ password: String, against hash: String) -> Bool { hash == self.hash(password) }
    var decoyHash: String { "rev:decoy" }
}

/// What the scenarios share: a county with two townships and their branches.
enum County {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 in China

    static let organisations = [
        OrganisationRecord(id: "county", name: "长沙县", parentId: nil, kind: "county"),
        OrganisationRecord(id: "jia", name: "甲镇", parentId: "county", kind: "township"),
        OrganisationRecord(id: "jia-1", name: "甲镇一村党支部", parentId: "jia", kind: "branch"),
        OrganisationRecord(id: "yi", name: "乙镇", parentId: "county", kind: "township"),
        OrganisationRecord(id: "yi-1", name: "乙镇新村党支部", parentId: "yi", kind: "branch"),
    ]

    static func lecture(
        _ n: Int, title: String = "学习二十大精神", organisation: String = "jia-1", findings: [PolicyFinding] = []
    ) -> NewLecture {
        let sha = String(repeating: String(n % 10), count: 8) + String(format: "%056d", n)
        var new = NewLecture(
            title: title, sha256: sha, originalName: "第\(n)讲.mp4", originalPath: "/inbox/第\(n)讲.mp4",
            storedPath: "media/\(sha.prefix(2))/\(sha).mp4", sizeBytes: 1_000 + Int64(n),
            probe: MediaInfo(file: "第\(n)讲.mp4", sizeBytes: 1_000, container: "mp4", durationSeconds: 300),
            findings: findings)
        new.speaker = "吴辉"
        new.organisationId = organisation
        new.recordedOn = "2026-09-01"
        new.tags = ["七一"]
        return new
    }

    /// A fresh engine with the county and an admin.
    static func engine(_ engine: EngineUnderTest) async throws -> any CatalogEngine {
        let catalog = try engine.make()
        _ = try await catalog.importOrganisations(organisations, actor: "local", now: now)
        return catalog
    }

    @discardableResult
    static func ingest(_ catalog: any CatalogEngine, _ lectures: [NewLecture]) async throws -> [Int64] {
        try await catalog.recordIngest(batch: lectures, actor: "local", now: now).map {
            switch $0 {
            case .ingested(let id, _), .duplicate(let id): id
            }
        }
    }
}
