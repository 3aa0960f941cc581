import Foundation
import GRDB
import LecternCore
import SQLStore

/// Another lecture that shares pictures or sound with this one: how much (0…1), of what,
/// and where (stretches of this lecture and of the other).
public struct NearDuplicate: Codable, Sendable, Equatable {
    /// What the two share: 「画面相同」, 「声音相同」 or both.
    public enum Evidence: String, Codable, Sendable {
        case picture, sound, both
    }

    public var id: Int64
    /// The stronger of the two similarities.
    public var similarity: Double
    /// The other lecture's title, when read back from the catalog.
    public var title: String?
    public var evidence: Evidence
    public var picture: Double?
    public var sound: Double?
    /// Stretches in this lecture's time (`start`, `end`) and the other's (`otherStart`, `otherEnd`).
    public var pictureRanges: [MatchedRange]
    public var soundRanges: [MatchedRange]
    /// The pictures match only when one of the two is flipped left to right.
    public var mirrored: Bool

    public init(
        id: Int64, picture: Double? = nil, sound: Double? = nil, title: String? = nil,
        pictureRanges: [MatchedRange] = [], soundRanges: [MatchedRange] = [], mirrored: Bool = false
    ) {
        self.id = id
        self.picture = picture.map(Self.rounded)
        self.sound = sound.map(Self.rounded)
        self.similarity = max(self.picture ?? 0, self.sound ?? 0)
        self.evidence = picture != nil && sound != nil ? .both : (sound != nil ? .sound : .picture)
        self.title = title
        self.pictureRanges = pictureRanges.map(Self.rounded)
        self.soundRanges = soundRanges.map(Self.rounded)
        self.mirrored = mirrored
    }

    /// Times to a tenth of a second.
    static func rounded(_ r: MatchedRange) -> MatchedRange {
        let t = { (x: Double) in (x * 10).rounded() / 10 }
        return MatchedRange(start: t(r.start), end: t(r.end), otherStart: t(r.otherStart), otherEnd: t(r.otherEnd))
    }

    /// A picture-only match (the form before sound was compared).
    public init(id: Int64, similarity: Double, title: String? = nil) {
        self.init(id: id, picture: similarity, title: title)
    }

    static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// Two lists of matches as one: a lecture found in both keeps the stronger, most similar first.
    public static func merged(_ a: [NearDuplicate], _ b: [NearDuplicate]) -> [NearDuplicate] {
        var best: [Int64: NearDuplicate] = [:]
        for n in a + b where n.similarity > best[n.id]?.similarity ?? -1 { best[n.id] = n }
        return best.values.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }

    /// The same pair seen from the other lecture.
    func seen(from lectureId: Int64) -> NearDuplicate {
        var copy = self
        copy.id = lectureId
        copy.pictureRanges = pictureRanges.map(\.swapped)
        copy.soundRanges = soundRanges.map(\.swapped)
        return copy
    }

    /// What the evidence is, in the reviewer's words.
    public var evidenceChinese: String {
        let pct = { (x: Double?) in "\(Int(((x ?? 0) * 100).rounded()))%" }
        let flipped = mirrored ? "，左右镜像" : ""
        switch evidence {
        case .both: return "画面和声音都相同（画面 \(pct(picture))\(flipped)，声音 \(pct(sound))）"
        case .picture: return "画面相同（\(pct(picture))\(flipped)）"
        case .sound: return "声音相同（画面不同，可能是翻拍或换了画面；\(pct(sound))）"
        }
    }

    /// "#7《标题》画面相同（93%）".
    public var chinese: String { "#\(id)" + (title.map { "《\($0)》" } ?? "") + evidenceChinese }

    /// The matched stretches, "本片 0:12–3:40 ≈ #7 0:00–3:28", the longest first (at most `limit`).
    public func rangesChinese(limit: Int = 3) -> [String] {
        let all = (soundRanges.map { ("声音", $0) } + pictureRanges.map { ("画面", $0) })
            .sorted { ($0.1.end - $0.1.start) > ($1.1.end - $1.1.start) }
        return all.prefix(limit).map { kind, r in
            "\(kind)：本片 \(clock(r.start))–\(clock(r.end)) ≈ #\(id) \(clock(r.otherStart))–\(clock(r.otherEnd))"
        }
    }
}

/// Seconds as m:ss (or h:mm:ss).
public func clock(_ seconds: Double) -> String {
    let s = max(0, Int(seconds.rounded()))
    return s >= 3600
        ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
}

extension Catalog {
    /// v6: the near-duplicates found when each version was ingested, kept with the version so
    /// the queue, `show` and a rejection can cite them. Existing versions are compared once,
    /// in the order they were ingested, as ingest would have.
    static func migrateNearDuplicates(_ db: Database) throws {
        try db.create(table: "nearDuplicate") { t in
            t.column("versionId", .integer).notNull().references("version", onDelete: .cascade)
            t.column("lectureId", .integer).notNull().references("lecture", onDelete: .cascade)
            t.column("otherLectureId", .integer).notNull().references("lecture", onDelete: .cascade)
            t.column("similarity", .double).notNull()
            t.primaryKey(["versionId", "otherLectureId"])
        }
        try db.create(index: "nearDuplicate_lecture", on: "nearDuplicate", columns: ["lectureId"])
        try db.create(index: "nearDuplicate_other", on: "nearDuplicate", columns: ["otherLectureId"])
        var index = FingerprintIndex()
        for v in try VersionRecord.order(Column("id")).fetchAll(db) {
            guard let text = v.fingerprint, let id = v.id,
                let fp = try? JSONDecoder().decode(Fingerprint.self, from: Data(text.utf8))
            else { continue }
            // The table as v6 made it: v14 adds the sound and the evidence.
            for near in index.matches(for: fp, threshold: nearDuplicateThreshold) where near.id != v.lectureId {
                try db.execute(
                    sql: """
                        INSERT INTO nearDuplicate (versionId, lectureId, otherLectureId, similarity) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO UPDATE SET similarity = max(similarity, excluded.similarity)
                        """, arguments: [id, v.lectureId, near.id, NearDuplicate.rounded(near.similarity)])
            }
            index.insert(id: v.lectureId, fingerprint: fp)
        }
    }

    /// The share of scenes two lectures must have in common to be flagged. Measured with
    /// Scripts/bench-duplicates (16 lecture-like sources, 6 transformations each, 16 other
    /// clips, 8 of them sharing an intro): copies score 0.50–1.00 against their source (10th
    /// percentile 0.67, median 0.92), unrelated pairs up to 0.58; at 0.6 precision is 1.00
    /// and recall 0.95 or more, at 0.5 recall is 1.00 but precision 0.97.
    public static let nearDuplicateThreshold = 0.6

    static func insertNearDuplicates(
        _ s: any SQLSession, versionId: Int64, lectureId: Int64, _ near: [NearDuplicate]
    ) throws {
        for n in near where n.id != lectureId {
            let evidence = StoredEvidence(
                pictureRanges: n.pictureRanges, soundRanges: n.soundRanges, mirrored: n.mirrored)
            try s.execute(
                """
                INSERT INTO nearDuplicate (versionId, lectureId, otherLectureId, similarity, pictureSimilarity,
                    soundSimilarity, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (versionId, otherLectureId) DO UPDATE SET
                    similarity = CASE WHEN excluded.similarity > nearDuplicate.similarity
                        THEN excluded.similarity ELSE nearDuplicate.similarity END,
                    pictureSimilarity = excluded.pictureSimilarity, soundSimilarity = excluded.soundSimilarity,
                    evidence = excluded.evidence
                """, versionId, lectureId, n.id, n.similarity, n.picture, n.sound,
                String(decoding: try JSONEncoder().encode(evidence), as: UTF8.self))
        }
    }

    /// The stretches and the mirroring, kept as JSON beside the similarities.
    struct StoredEvidence: Codable {
        var pictureRanges: [MatchedRange]
        var soundRanges: [MatchedRange]
        var mirrored: Bool
    }

    /// Lectures flagged as sharing pictures with `lectureId`, in either direction (it was found
    /// like an earlier one, or a later one was found like it), most similar first.
    public func nearDuplicates(of lectureId: Int64) throws -> [NearDuplicate] {
        try store.read { s in try Self.nearDuplicates(s, of: lectureId) }
    }

    static func nearDuplicates(_ s: any SQLSession, of lectureId: Int64) throws -> [NearDuplicate] {
        let rows = try s.rows(
            """
            SELECT n.lectureId AS found, n.otherLectureId AS other, n.similarity, n.pictureSimilarity,
                n.soundSimilarity, n.evidence, l.title AS title
            FROM nearDuplicate n JOIN lecture l ON l.id = (CASE WHEN n.lectureId = ? THEN n.otherLectureId ELSE n.lectureId END)
            WHERE (n.lectureId = ? OR n.otherLectureId = ?) AND n.lectureId <> n.otherLectureId
            """, lectureId, lectureId, lectureId)
        var best: [Int64: NearDuplicate] = [:]
        for row in rows {
            let found: Int64 = try row.get("found"), other: Int64 = try row.get("other")
            let evidence = try row.optional("evidence", as: String.self).flatMap {
                try? JSONDecoder().decode(StoredEvidence.self, from: Data($0.utf8))
            }
            let picture: Double? = try row.optional("pictureSimilarity")
            let sound: Double? = try row.optional("soundSimilarity")
            let similarity: Double? = sound == nil ? try row.get("similarity") : nil
            var near = NearDuplicate(
                id: other, picture: picture ?? similarity, sound: sound,
                title: try row.get("title"), pictureRanges: evidence?.pictureRanges ?? [],
                soundRanges: evidence?.soundRanges ?? [], mirrored: evidence?.mirrored ?? false)
            if found != lectureId { near = near.seen(from: found) }
            if near.similarity > best[near.id]?.similarity ?? -1 { best[near.id] = near }
        }
        return best.values.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }
}
