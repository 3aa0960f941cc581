import Foundation
import GRDB
import LecternCore

/// Kinds and themes, as the library's lectern.toml names them (read when the catalog opens).
extension Catalog {
    /// The theme a topic belongs to, by the list in lectern.toml (traditional or simplified,
    /// aliases, or a topic that contains a theme's name).
    public func theme(forTopic topic: String?) -> Theme? {
        guard let topic else { return nil }
        return themes.match(topic, normalise: SearchText.normalize)
    }

    /// Whether the lectures' themes were matched with this list.
    static func themesCurrent(_ db: Database, _ themes: ThemeList) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM catalogSetting WHERE key = 'themes'") == themes.signature
    }

    /// Matches every topic again (after the list in lectern.toml changed): one transaction.
    static func rematchThemes(_ db: Database, _ themes: ThemeList) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, topic, theme FROM lecture")
        for row in rows {
            let topic: String? = row["topic"], old: String? = row["theme"]
            let new = topic.flatMap { themes.match($0, normalise: SearchText.normalize)?.name }
            if new != old {
                try db.execute(sql: "UPDATE lecture SET theme = ? WHERE id = ?", arguments: [new, row["id"] as Int64])
            }
        }
        try db.execute(
            sql:
                "INSERT INTO catalogSetting (key, value) VALUES ('themes', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [themes.signature])
    }

    /// A topic no theme matched, with how many lectures carry it (`lectern theme unmatched`).
    public struct UnmatchedTopic: Codable, Sendable, Equatable {
        public var topic: String
        public var lectures: Int
        public var ids: [Int64]
    }

    public func unmatchedTopics() throws -> [UnmatchedTopic] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT topic, id FROM lecture WHERE topic IS NOT NULL AND topic <> '' AND theme IS NULL ORDER BY topic, id"
            )
            var out: [UnmatchedTopic] = []
            for row in rows {
                let topic: String = row["topic"], id: Int64 = row["id"]
                if out.last?.topic == topic {
                    out[out.count - 1].lectures += 1
                    out[out.count - 1].ids.append(id)
                } else {
                    out.append(UnmatchedTopic(topic: topic, lectures: 1, ids: [id]))
                }
            }
            return out.sorted { $0.lectures > $1.lectures || ($0.lectures == $1.lectures && $0.topic < $1.topic) }
        }
    }

    /// Each theme with its count of lectures, for `lectern theme list`.
    public func themeCounts() throws -> [ThemeCount] {
        let counts = try pool.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(
                    db, sql: "SELECT theme, COUNT(*) AS n FROM lecture WHERE theme IS NOT NULL GROUP BY theme"
                ).map { ($0["theme"] as String, $0["n"] as Int) })
        }
        return themes.themes.map { ThemeCount(theme: $0, lectures: counts[$0.name] ?? 0) }
    }
}

public struct ThemeCount: Sendable {
    public var theme: Theme
    public var lectures: Int
}
