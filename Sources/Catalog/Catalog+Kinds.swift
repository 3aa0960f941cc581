import Foundation
import LecternCore
import SQLStore

/// Kinds and themes, as the library's lectern.toml names them (read when the catalog opens).
extension Catalog {
    /// The theme a topic belongs to, by the list in lectern.toml (traditional or simplified,
    /// aliases, or a topic that contains a theme's name).
    public func theme(forTopic topic: String?) -> Theme? {
        guard let topic else { return nil }
        return themes.match(topic, normalise: SearchText.normalize)
    }

    /// Whether the lectures' themes were matched with this list.
    static func themesCurrent(_ s: any SQLSession, _ themes: ThemeList) throws -> Bool {
        try s.scalar(String.self, "SELECT value FROM catalogSetting WHERE key = 'themes'") == themes.signature
    }

    /// Matches every topic again (after the list in lectern.toml changed): one transaction.
    static func rematchThemes(_ s: any SQLSession, _ themes: ThemeList) throws {
        let rows = try s.rows("SELECT id, topic, theme FROM lecture")
        for row in rows {
            let topic: String? = try row.optional("topic"), old: String? = try row.optional("theme")
            let new = topic.flatMap { themes.match($0, normalise: SearchText.normalize)?.name }
            if new != old {
                try s.execute("UPDATE lecture SET theme = ? WHERE id = ?", new, try row.get("id", as: Int64.self))
            }
        }
        try s.execute(
            """
            INSERT INTO catalogSetting (key, value) VALUES ('themes', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, themes.signature)
    }

    /// A topic no theme matched, with how many lectures carry it (`lectern theme unmatched`).
    public struct UnmatchedTopic: Codable, Sendable, Equatable {
        public var topic: String
        public var lectures: Int
        public var ids: [Int64]
    }

    public func unmatchedTopics() throws -> [UnmatchedTopic] {
        try store.read { s in
            let rows = try s.rows(
                "SELECT topic, id FROM lecture WHERE topic IS NOT NULL AND topic <> '' AND theme IS NULL ORDER BY topic, id"
            )
            var out: [UnmatchedTopic] = []
            for row in rows {
                let topic: String = try row.get("topic"), id: Int64 = try row.get("id")
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
        let counts = try store.read { s in
            try Dictionary(
                uniqueKeysWithValues: s.rows(
                    "SELECT theme, COUNT(*) AS n FROM lecture WHERE theme IS NOT NULL GROUP BY theme"
                ).map { (try $0.get("theme", as: String.self), try $0.get("n", as: Int.self)) })
        }
        return themes.themes.map { ThemeCount(theme: $0, lectures: counts[$0.name] ?? 0) }
    }
}

public struct ThemeCount: Sendable {
    public var theme: Theme
    public var lectures: Int
}
