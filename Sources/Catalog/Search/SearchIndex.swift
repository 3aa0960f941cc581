import Foundation
import GRDB
import SQLStore

/// The one full-text index over title, speaker, organisation path, topic, description, tags
/// and original file name: an FTS5 table without stored content (it holds only the index),
/// kept in step with the catalog inside the writes' own transactions. Without stored content
/// a row is removed by giving FTS5 the tokens it was indexed with, so the organisation path
/// as indexed is kept on the lecture (`searchOrganisation`). `detail = column` keeps which
/// columns a token is in but not its positions: half the size; a longer Chinese query is
/// then all of its bigrams rather than an exact phrase of them.
enum SearchIndex {
    static let columns = ["title", "speaker", "organisation", "topic", "description", "tags", "filename", "text"]
    /// Relevance weights, in column order: title above speaker and topic above the rest; the
    /// scripts' text (v18) as much as a description.
    static let weightValues: [Double] = [10, 5, 3, 5, 1, 3, 1, 1]

    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE lectureSearch USING fts5(
                    title, speaker, organisation, topic, description, tags, filename,
                    content = '', detail = column, tokenize = 'unicode61 remove_diacritics 0')
                """)
        try db.alter(table: "lecture") { t in
            t.add(column: "searchOrganisation", .text)
            t.add(column: "durationSeconds", .double)
        }
        try db.execute(
            sql: """
                UPDATE lecture SET durationSeconds =
                  (SELECT v.durationSeconds FROM version v WHERE v.lectureId = lecture.id ORDER BY v.number DESC LIMIT 1)
                """)
        try db.create(index: "lecture_recordedOn", on: "lecture", columns: ["recordedOn"])
        try db.create(index: "lecture_durationSeconds", on: "lecture", columns: ["durationSeconds"])
        // Rows are added by `ensureCurrent`, after the migrations, with the tokeniser of the
        // code that runs: a migration is history and calls no code that may change.
    }

    /// The tokeniser's version: raise it whenever `values` would give other tokens for the same
    /// lecture (normalisation, pinyin, which fields), and every catalog is reindexed once on
    /// its next writable open. Without it a changed tokeniser would corrupt the index: rows
    /// are removed by giving FTS5 the tokens they were indexed with.
    /// 2: `lectern edit` removed a row with the edited values instead of the indexed ones,
    /// leaving the old words findable; every index is rebuilt once.
    /// 3: file names get pinyin too (长沙縣 in a file name is found by changsha).
    /// 4: the attached scripts' and slides' text in its own column (v18).
    static let tokeniserVersion = 4

    /// Lecture ids per partition of `lectureWords` on PostgreSQL (v24's `lectern_words_partition`
    /// makes them at this size): relevance reads its window a partition at a time.
    static let wordsPartition: Int64 = 100_000

    /// v10: the table that records which tokeniser built the index. A catalog whose index
    /// already holds every lecture was built by tokeniser 1, the only one before v10.
    static func migrateVersion(_ db: Database) throws {
        try db.create(table: "searchIndexState") { t in
            t.column("tokeniserVersion", .integer).notNull()
        }
        let lectures = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lecture") ?? 0
        let indexed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lectureSearch_docsize") ?? 0
        try db.execute(
            sql: "INSERT INTO searchIndexState (tokeniserVersion) VALUES (?)",
            arguments: [lectures == indexed ? 1 : 0])
    }

    /// Whether the index was built by this code's tokeniser.
    static func isCurrent(_ s: any SQLSession) throws -> Bool {
        try s.scalar(Int.self, "SELECT tokeniserVersion FROM searchIndexState") == tokeniserVersion
    }

    /// Rebuilds the index when it was built by another tokeniser than this code's (or not at
    /// all): the versioned step that runs after the migrations, in one transaction.
    /// Returns how many lectures were reindexed.
    @discardableResult
    static func ensureCurrent(_ s: any SQLSession) throws -> Int {
        guard try !isCurrent(s) else { return 0 }
        switch s.dialect {
        case .sqlite: try s.execute("INSERT INTO lectureSearch(lectureSearch) VALUES ('delete-all')")
        case .postgres:
            try s.execute("DELETE FROM lectureWords")
            try s.execute("DELETE FROM lectureSearch")
        }
        let ids = try s.column(Int64.self, "SELECT id FROM lecture ORDER BY id")
        for id in ids { try add(s, lectureId: id) }
        try s.execute("UPDATE searchIndexState SET tokeniserVersion = ?", tokeniserVersion)
        return ids.count
    }

    /// The organisation's names from the root down, with former names: "长沙县 春华镇 新村党支部"
    /// or "长沙县 春华镇 新村党支部（曾用名：新村支部）", so that search finds either.
    static func organisationPath(_ s: any SQLSession, _ id: String?) throws -> String {
        var names: [String] = [], former: [String] = [], current = id
        while let c = current, names.count < 64,
            let row = try s.row("SELECT name, parentId FROM organisation WHERE id = ?", c)
        {
            names.append(try row.get("name"))
            former += try s.column(
                String.self, "SELECT name FROM organisationFormerName WHERE organisationId = ? ORDER BY until", c)
            current = try row.optional("parentId")
        }
        let path = names.reversed().joined(separator: " ")
        var shown: [String] = []
        for name in former where !names.contains(name) && !shown.contains(name) { shown.append(name) }
        return shown.isEmpty ? path : path + "（曾用名：\(shown.joined(separator: "、"))）"
    }

    /// The column values as indexed, from the lecture's current row.
    static func values(_ s: any SQLSession, lectureId: Int64) throws -> [String]? {
        let scripts =
            switch s.dialect {
            case .sqlite:
                "(SELECT group_concat(a.text, char(10)) FROM (SELECT text FROM attachment WHERE lectureId = l.id ORDER BY id) a)"
            case .postgres:
                "(SELECT string_agg(a.text, E'\\n' ORDER BY a.id) FROM attachment a WHERE a.lectureId = l.id)"
            }
        guard
            let row = try s.row(
                """
                SELECT l.title, s.name AS speaker, l.searchOrganisation, l.topic, l.description, l.tags,
                       (SELECT v.originalName FROM version v WHERE v.lectureId = l.id ORDER BY v.number LIMIT 1) AS filename,
                       \(scripts) AS text
                FROM lecture l LEFT JOIN speaker s ON s.id = l.speakerId WHERE l.id = ?
                """, lectureId)
        else { return nil }
        let tags = (try row.optional("tags", as: String.self) ?? "").replacingOccurrences(of: ";", with: " ")
        var texts: [String?] = []
        for column in ["title", "speaker", "searchOrganisation", "topic", "description"] {
            texts.append(try row.optional(column))
        }
        texts.append(tags)
        texts.append(try row.optional("filename"))
        texts.append(try row.optional("text"))
        // Pinyin for every short field (title, speaker, organisation, topic, tags, the file name):
        // what the characters find, pinyin finds. Not for descriptions and scripts, which would
        // double the index.
        return texts.enumerated().map { i, text in SearchText.indexTokens(text ?? "", pinyin: i != 4 && i != 7) }
    }

    /// Indexes a lecture: records its organisation path, then adds its row.
    static func add(_ s: any SQLSession, lectureId: Int64) throws {
        let orgId = try s.scalar(String.self, "SELECT organisationId FROM lecture WHERE id = ?", lectureId)
        try s.execute(
            "UPDATE lecture SET searchOrganisation = ? WHERE id = ?", try organisationPath(s, orgId), lectureId)
        guard let values = try values(s, lectureId: lectureId) else { return }
        let names = columns.joined(separator: ", ")
        switch s.dialect {
        case .sqlite:
            let marks = String(repeating: ", ?", count: columns.count)
            try s.execute(
                "INSERT INTO lectureSearch(rowid, \(names)) VALUES (?\(marks))",
                [.integer(lectureId)] + values.map(\.sqlValue))
        case .postgres:
            // Lectern's own tokens as the lexemes, as they are (`SearchText`): one tsvector per
            // field for the scores, and all of them in `lectureWords`, which the GIN index covers
            // and which relevance walks (v23).
            let vector = "array_to_tsvector(array_remove(string_to_array(?, ' '), ''))"
            let marks = String(repeating: ", \(vector)", count: columns.count)
            try s.execute(
                """
                INSERT INTO lectureSearch (lectureId, \(names)) VALUES (?\(marks))
                ON CONFLICT (lectureId) DO UPDATE SET \(columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
                """, [.integer(lectureId)] + values.map(\.sqlValue))
            try s.execute("SELECT lectern_words_partition(?)", [.integer(lectureId)])
            try s.execute(
                """
                INSERT INTO lectureWords (lectureId, every) VALUES (?, \(vector))
                ON CONFLICT (lectureId) DO UPDATE SET every = excluded.every
                """, [.integer(lectureId), .text(values.joined(separator: " "))])
        }
    }

    /// Removes a lecture's row, with the tokens it was indexed with. Call before changing the lecture.
    static func remove(_ s: any SQLSession, lectureId: Int64) throws {
        switch s.dialect {
        case .sqlite:
            guard let values = try values(s, lectureId: lectureId) else { return }
            let marks = String(repeating: ", ?", count: columns.count)
            try s.execute(
                "INSERT INTO lectureSearch(lectureSearch, rowid, \(columns.joined(separator: ", "))) VALUES ('delete', ?\(marks))",
                [.integer(lectureId)] + values.map(\.sqlValue))
        case .postgres:
            try s.execute("DELETE FROM lectureWords WHERE lectureId = ?", lectureId)
            try s.execute("DELETE FROM lectureSearch WHERE lectureId = ?", lectureId)
        }
    }

    static func reindex(_ s: any SQLSession, lectureIds: [Int64]) throws {
        for id in lectureIds {
            try remove(s, lectureId: id)
            try add(s, lectureId: id)
        }
    }

}
