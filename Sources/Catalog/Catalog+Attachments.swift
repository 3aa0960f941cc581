import Foundation
import GRDB
import LecternCore

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
            return try pool.write { db in
                try Self.authorize(db, actor: actor, .ingest, lectureId: lecture, now: now)
                if let lecture, try LectureRecord.fetchOne(db, key: lecture) == nil {
                    throw CatalogError(.notFound, "目录中没有 #\(lecture) 这个节目")
                }
                if let activity, try ActivityRecord.fetchOne(db, key: activity) == nil {
                    throw CatalogError(.notFound, "没有主题党日记录 #\(activity)")
                }
                if let lecture { try SearchIndex.remove(db, lectureId: lecture) }
                var out: [AttachOutcome] = []
                for a in items {
                    out.append(
                        try Self.insertAttachment(
                            db, a, lecture: lecture, activity: activity, compared: true, actor: actor, now: now))
                }
                if let lecture { try SearchIndex.add(db, lectureId: lecture) }
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
        try pool.write { db in
            for (lecture, a) in items {
                try SearchIndex.remove(db, lectureId: lecture)
                _ = try Self.insertAttachment(
                    db, a, lecture: lecture, activity: nil, compared: false, actor: actor, now: now)
                try SearchIndex.add(db, lectureId: lecture)
            }
        }
    }

    /// One document's row and audit event; a script or deck of a lecture is compared with every
    /// text held when `compared`. The same content already on the lecture or activity is `existing`.
    static func insertAttachment(
        _ db: Database, _ a: NewAttachment, lecture: Int64?, activity: Int64?, compared: Bool, actor: String,
        now: Date
    ) throws -> AttachOutcome {
        let column = lecture != nil ? "lectureId" : "activityId"
        if let existing = try Int64.fetchOne(
            db, sql: "SELECT id FROM attachment WHERE \(column) = ? AND sha256 = ?",
            arguments: [lecture ?? activity, a.sha256])
        {
            return .existing(existing)
        }
        let d = a.document
        try db.execute(
            sql: """
                INSERT INTO attachment (lectureId, activityId, role, format, sha256, storedPath, originalName,
                  sizeBytes, pages, characters, scanned, truncated, encoding, text, createdAt, actor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                lecture, activity, a.role.rawValue, d.format.rawValue, a.sha256, a.storedPath,
                a.originalName, a.sizeBytes, d.pages, d.text.count, d.scanned, d.truncated, d.encoding,
                d.text, now, actor,
            ])
        let id = db.lastInsertedRowID
        let size = d.scanned ? "扫描件，没有文字" : "\(d.text.count) 字"
        _ = try AuditEventRecord.append(
            db, at: now, actor: actor, action: "attach", lectureId: lecture, versionId: nil, from: nil,
            to: nil,
            note: "附上\(a.role.chinese)「\(a.originalName)」（\(size)）" + (activity.map { "，主题党日 #\($0)" } ?? ""))
        if compared, let lecture, a.role != .record, !d.scanned {
            try Self.indexScript(db, .attachment(id, lecture: lecture), text: d.text)
        }
        return .added(id)
    }

    public func attachments(lecture: Int64) throws -> [AttachmentView] {
        try pool.read { db in try Self.attachmentViews(db, where: "lectureId = ?", [lecture]) }
    }

    public func attachments(activity: Int64) throws -> [AttachmentView] {
        try pool.read { db in try Self.attachmentViews(db, where: "activityId = ?", [activity]) }
    }

    /// Every attachment, for `check` and `backup`.
    public func allAttachments() throws -> [AttachmentView] {
        try pool.read { db in try Self.attachmentViews(db, where: "1", []) }
    }

    /// One attachment's text (what `show --text` and the snippets read).
    public func attachmentText(_ id: Int64) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT text FROM attachment WHERE id = ?", arguments: [id])
        }
    }

    static func attachmentViews(_ db: Database, where condition: String, _ arguments: [DatabaseValueConvertible])
        throws -> [AttachmentView]
    {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, lectureId, activityId, role, format, originalName, storedPath, sha256, sizeBytes, pages,
                       characters, scanned, truncated FROM attachment WHERE \(condition) ORDER BY id
                """, arguments: StatementArguments(arguments)
        ).map { row in
            AttachmentView(
                id: row["id"], lectureId: row["lectureId"], activityId: row["activityId"],
                role: AttachmentRole(rawValue: row["role"]) ?? .script,
                format: DocumentFormat(rawValue: row["format"]) ?? .txt, originalName: row["originalName"],
                storedPath: row["storedPath"], sha256: row["sha256"], sizeBytes: row["sizeBytes"], pages: row["pages"],
                characters: row["characters"], scanned: row["scanned"], truncated: row["truncated"])
        }
    }
}
