import Catalog
import LecternCore

/// What the catalog (and this run) already holds, for stage 6: every version's picture
/// fingerprint and sound fingerprint, indexed by lecture. Owned by the single writer; a
/// reference, so that filing a new version never copies the tables.
final class KnownCopies: @unchecked Sendable {
    private(set) var picture: FingerprintIndex
    private(set) var sound: SoundIndex
    /// The newest version these hold (read before the indexes, so that nothing falls between):
    /// what a commit compares beyond, with the versions other hosts catalogued since.
    private(set) var upTo: Int64
    /// Versions this run catalogued, filed when committed: not filed again when read back.
    private var own: Set<Int64> = []

    init(picture: FingerprintIndex = FingerprintIndex(), sound: SoundIndex = SoundIndex(), upTo: Int64 = 0) {
        self.picture = picture
        self.sound = sound
        self.upTo = upTo
    }

    /// The catalog as it is now.
    convenience init(catalog: Catalog) throws {
        let upTo = try catalog.latestVersionId()
        self.init(picture: try catalog.fingerprintIndex(), sound: try catalog.soundIndex(), upTo: upTo)
    }

    /// Versions other hosts catalogued, read at a commit: filed, so the next file is compared
    /// with them too.
    func absorb(_ prints: [CataloguedPrints]) {
        for p in prints where p.versionId > upTo {
            if !own.contains(p.versionId) { insert(id: p.lectureId, p.picture, p.sound) }
            upTo = p.versionId
        }
    }

    /// A version this run committed, filed under its lecture.
    func insert(version: Int64, lecture: Int64, _ fingerprint: Fingerprint?, _ soundPrint: SoundFingerprint?) {
        own.insert(version)
        insert(id: lecture, fingerprint, soundPrint)
    }

    /// A new file against versions read at its commit (not yet in the indexes): their own
    /// small indexes, the same comparison.
    static func compare(_ fingerprint: Fingerprint?, _ soundPrint: SoundFingerprint?, with prints: [CataloguedPrints])
        -> [NearDuplicate]
    {
        let fresh = KnownCopies()
        for p in prints { fresh.insert(id: p.lectureId, p.picture, p.sound) }
        let sounds = Dictionary(grouping: prints.compactMap { p in p.sound.map { (p.lectureId, $0) } }, by: \.0)
            .mapValues { $0.map(\.1) }
        return fresh.compare(fingerprint, soundPrint, lookup: { sounds[$0] ?? [] })
    }

    func insert(id: Int64, _ fingerprint: Fingerprint?, _ soundPrint: SoundFingerprint?) {
        if let fingerprint { picture.insert(id: id, fingerprint: fingerprint) }
        if let soundPrint { sound.insert(id: id, fingerprint: soundPrint) }
    }

    /// Catalogued lectures that share pictures or sound with a new file, with what they share
    /// and where; the sound of candidates is read back from the catalog.
    func compare(_ fingerprint: Fingerprint?, _ soundPrint: SoundFingerprint?, catalog: Catalog) throws
        -> [NearDuplicate]
    {
        try compare(fingerprint, soundPrint, lookup: { try catalog.soundFingerprints(lectureId: $0) })
    }

    func compare(
        _ fingerprint: Fingerprint?, _ soundPrint: SoundFingerprint?, lookup: (Int64) throws -> [SoundFingerprint]
    ) rethrows -> [NearDuplicate] {
        var pictures: [Int64: FingerprintIndex.Match] = [:]
        if let fingerprint {
            for m in picture.matches(for: fingerprint, threshold: Catalog.nearDuplicateThreshold) { pictures[m.id] = m }
        }
        var sounds: [Int64: SoundMatch] = [:]
        if let soundPrint {
            for m in try sound.matches(for: soundPrint, lookup: lookup) {
                sounds[m.id] = m.match
            }
        }
        return Set(pictures.keys).union(sounds.keys).map { id in
            let p = pictures[id], s = sounds[id]
            return NearDuplicate(
                id: id, picture: p?.similarity, sound: s?.similarity, pictureRanges: p?.evidence.ranges ?? [],
                soundRanges: s?.ranges ?? [], mirrored: p?.evidence.mirrored ?? false)
        }.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }
}
