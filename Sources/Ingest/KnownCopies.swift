import Catalog
import LecternCore

/// What the catalog (and this run) already holds, for stage 6: every version's picture
/// fingerprint and sound fingerprint, indexed by lecture. Owned by the single writer; a
/// reference, so that filing a new version never copies the tables.
final class KnownCopies: @unchecked Sendable {
    private(set) var picture: FingerprintIndex
    private(set) var sound: SoundIndex

    init(picture: FingerprintIndex = FingerprintIndex(), sound: SoundIndex = SoundIndex()) {
        self.picture = picture
        self.sound = sound
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
        var pictures: [Int64: FingerprintIndex.Match] = [:]
        if let fingerprint {
            for m in picture.matches(for: fingerprint, threshold: Catalog.nearDuplicateThreshold) { pictures[m.id] = m }
        }
        var sounds: [Int64: SoundMatch] = [:]
        if let soundPrint {
            for m in try sound.matches(for: soundPrint, lookup: { try catalog.soundFingerprints(lectureId: $0) }) {
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
