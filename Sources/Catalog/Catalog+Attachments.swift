import Foundation
import GRDB
import LecternCore
import SQLStore

/// A document stored in the library by the `document` job, with the text read from it.
public struct NewAttachment: Sendable, Equatable {
    public var role: AttachmentRole
    public var sha256: String
    /// Relative to the library: `media/ab/abcdef….docx`.
    public var storedPath: String
    public var originalName: String
    public var sizeBytes: Int64
    public var document: ExtractedDocument
    public init(
        role: AttachmentRole, sha256: String, storedPath: String, originalName: String, sizeBytes: Int64,
        document: ExtractedDocument
    ) {
        self.role = role
        self.sha256 = sha256
        self.storedPath = storedPath
        self.originalName = originalName
        self.sizeBytes = sizeBytes
        self.document = document
    }
}

/// An attachment as `show` and the desk list it (its text is not carried).
public struct AttachmentView: Codable, Sendable, Equatable {
    public var id: Int64
    public var lectureId: Int64?
    public var activityId: Int64?
    public var role: AttachmentRole
    public var format: DocumentFormat
    public var originalName: String
    public var storedPath: String
    public var sha256: String
    public var sizeBytes: Int64
    public var pages: Int
    public var characters: Int
    public var scanned: Bool
    public var truncated: Bool
}

extension Catalog {
    /// v18: documents beside a lecture or an activity (讲稿, 课件, 记录), stored by content, their
    /// text kept; the lectures' search index gains a column for their scripts' text.
    static func migrateAttachments(_ db: Database) throws {
        try db.create(table: "attachment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("lectureId", .integer).references("lecture").indexed()
            t.column("activityId", .integer).references("activity").indexed()
            t.column("role", .text).notNull()
            t.column("format", .text).notNull()
            t.column("sha256", .text).notNull().indexed()
            t.column("storedPath", .text).notNull()
            t.column("originalName", .text).notNull()
            t.column("sizeBytes", .integer).notNull()
            t.column("pages", .integer).notNull()
            t.column("characters", .integer).notNull()
            t.column("scanned", .boolean).notNull()
            t.column("truncated", .boolean).notNull()
            t.column("encoding", .text)
            t.column("text", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("actor", .text).notNull()
        }
        // The search table with one more column, `text`; rows are added again by
        // `SearchIndex.ensureCurrent` (the version below no longer matches).
        try db.execute(sql: "DROP TABLE lectureSearch")
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE lectureSearch USING fts5(
                    title, speaker, organisation, topic, description, tags, filename, text,
                    content = '', detail = column, tokenize = 'unicode61 remove_diacritics 0')
                """)
        try db.execute(sql: "UPDATE searchIndexState SET tokeniserVersion = 0")
    }

    public enum AttachOutcome: Sendable, Equatable {
        case added(Int64)
        /// The same content is already attached to this lecture or activity.
        case existing(Int64)
    }

    /// Attaches documents to a lecture (or an activity) in one transaction, an audit event each;
    /// the lecture is reindexed with its scripts' text, and each script or deck is compared with
    /// every text held (`scriptMatches` reads what was found).
    public func attach(_ items: [NewAttachment], lecture: Int64?, activity: Int64?, actor: String, now: Date) throws
        -> [AttachOutcome]
    {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: lecture, now: now)
                if let lecture,
                    try s.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM lecture WHERE id = ?)", lecture) != true
                {
                    throw CatalogError(.notFound, "目录中没有 #\(lecture) 这个节目")
                }
                if let activity,
                    try s.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM activity WHERE id = ?)", activity) != true
                {
                    throw CatalogError(.notFound, "没有主题党日记录 #\(activity)")
                }
                if let lecture { try SearchIndex.remove(s, lectureId: lecture) }
                var out: [AttachOutcome] = []
                for a in items {
                    out.append(
                        try Self.insertAttachment(
                            s, a, lecture: lecture, activity: activity, compared: true, actor: actor, now: now))
                }
                if let lecture { try SearchIndex.add(s, lectureId: lecture) }
                return out
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: lecture, now: now)
            throw refusal
        }
    }

    /// Scripts for many lectures of a generated library (`lectern-dev generate --texts-from`) in
    /// one transaction, stored and indexed for search as `attach` does, an audit event each, but
    /// not compared: a generator's texts are written to share nothing, so the comparison would
    /// find nothing and cost most of the time (at 100,000 texts, 3.6 ms a look-up). Not for
    /// staff's documents: those always go through `attach`.
    public func attachGenerated(_ items: [(lecture: Int64, attachment: NewAttachment)], actor: String, now: Date)
        throws
    {
        try store.write { s in
            for (lecture, a) in items {
                try SearchIndex.remove(s, lectureId: lecture)
                _ = try Self.insertAttachment(
                    s, a, lecture: lecture, activity: nil, compared: false, actor: actor, now: now)
                try SearchIndex.add(s, lectureId: lecture)
            }
        }
    }

    /// One document's row and audit event; a script or deck of a lecture is compared with every
    /// text held when `compared`. The same content already on the lecture or activity is `existing`.
    static func insertAttachment(
        _ s: any SQLSession, _ a: NewAttachment, lecture: Int64?, activity: Int64?, compared: Bool, actor: String,
        now: Date
    ) throws -> AttachOutcome {
        let column = lecture != nil ? "lectureId" : "activityId"
        if let existing = try s.scalar(
            Int64.self, "SELECT id FROM attachment WHERE \(column) = ? AND sha256 = ?", lecture ?? activity, a.sha256)
        {
            return .existing(existing)
        }
        let d = a.document
        guard
            let id = try s.scalar(
                Int64.self,
                """
                INSERT INTO attachment (lectureId, activityId, role, format, sha256, storedPath, originalName,
                  sizeBytes, pages, characters, scanned, truncated, encoding, text, createdAt, actor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, lecture, activity, a.role.rawValue, d.format.rawValue, a.sha256, a.storedPath,
                a.originalName, a.sizeBytes, d.pages, d.text.count, d.scanned, d.truncated, d.encoding,
                d.text, now, actor)
        else { throw SQLError(.other, "INSERT INTO attachment returned no id") }
        let size = d.scanned ? "扫描件，没有文字" : "\(d.text.count) 字"
        _ = try AuditEventRecord.append(
            s, at: now, actor: actor, action: "attach", lectureId: lecture, versionId: nil, from: nil,
            to: nil,
            note: "附上\(a.role.chinese)「\(a.originalName)」（\(size)）" + (activity.map { "，主题党日 #\($0)" } ?? ""))
        if compared, let lecture, a.role != .record, !d.scanned {
            try Self.indexScript(s, .attachment(id, lecture: lecture), text: d.text)
        }
        return .added(id)
    }

    public func attachments(lecture: Int64) throws -> [AttachmentView] {
        try store.read { s in try Self.attachmentViews(s, where: "lectureId = ?", [lecture]) }
    }

    public func attachments(activity: Int64) throws -> [AttachmentView] {
        try store.read { s in try Self.attachmentViews(s, where: "activityId = ?", [activity]) }
    }

    /// Every attachment, for `check` and `backup`.
    public func allAttachments() throws -> [AttachmentView] {
        try store.read { s in try Self.attachmentViews(s, where: "1 = 1", []) }
    }

    /// One attachment's text (what `show --text` and the snippets read).
    public func attachmentText(_ id: Int64) throws -> String? {
        try store.read { s in try s.scalar(String.self, "SELECT text FROM attachment WHERE id = ?", id) }
    }

    static func attachmentViews(_ s: any SQLSession, where condition: String, _ arguments: [any SQLBindable])
        throws -> [AttachmentView]
    {
        try s.rows(
            """
            SELECT id, lectureId, activityId, role, format, originalName, storedPath, sha256, sizeBytes, pages,
                   characters, scanned, truncated FROM attachment WHERE \(condition) ORDER BY id
            """, arguments.map(\.sqlValue)
        ).map { row in
            AttachmentView(
                id: try row.get("id"), lectureId: try row.optional("lectureId"),
                activityId: try row.optional("activityId"),
                role: AttachmentRole(rawValue: try row.get("role")) ?? .script,
                format: DocumentFormat(rawValue: try row.get("format")) ?? .txt,
                originalName: try row.get("originalName"), storedPath: try row.get("storedPath"),
                sha256: try row.get("sha256"), sizeBytes: try row.get("sizeBytes"), pages: try row.get("pages"),
                characters: try row.get("characters"), scanned: try row.get("scanned"),
                truncated: try row.get("truncated"))
        }
    }
}
