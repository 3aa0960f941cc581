import ArgumentParser
import Catalog
import Dispatch
import Foundation
import LecternCore

/// The sound look-up at N catalogued recordings: a library's real sound fingerprints among
/// generated ones (3–20 minutes each), each real one looked up through `SoundIndex`, with the
/// same matches as among the real ones alone.
struct BenchSoundLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sound-lookup",
        abstract: "Sound look-up time among N catalogued recordings, and that the fillers change no match.")
    @Option var count = 100_000
    @Option(help: "A library whose sound fingerprints are the queries.") var library: String

    func run() throws {
        let catalog = try Catalog(library: Library(root: URL(fileURLWithPath: library)))
        var real: [(id: Int64, sound: SoundFingerprint)] = []
        let ids = Set(try catalog.allVersions().map(\.lectureId))
        for id in ids.sorted() {
            for s in try catalog.soundFingerprints(lectureId: id) { real.append((id, s)) }
        }
        guard !real.isEmpty else { throw ValidationError("\(library) has no sound fingerprints") }
        // The catalog's own index (what ingest loads) must hold every real recording.
        guard try catalog.soundIndex().count == real.count else {
            throw ValidationError("the catalog's sound index does not hold its \(real.count) recordings")
        }
        var generator = SeededGenerator(seed: 11)
        let step = real[0].sound.step
        var index = SoundIndex()
        let started = DispatchTime.now().uptimeNanoseconds
        var items = 0
        for i in 0..<max(0, count - real.count) {
            // A filler: Chromaprint-like items (neighbours share most bits) over 3-20 minutes.
            let n = Int((180 + Double(generator.next() % 1021)) / step)
            var word = UInt32(truncatingIfNeeded: generator.next())
            let filler = (0..<n).map { _ -> UInt32 in
                word ^= UInt32(truncatingIfNeeded: generator.next()) & UInt32(truncatingIfNeeded: generator.next())
                return word
            }
            items += n
            index.insert(
                id: 1_000_000_000 + Int64(i), fingerprint: SoundFingerprint(step: step, items: filler, loud: []))
        }
        for r in real { index.insert(id: r.id, fingerprint: r.sound) }
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var alone = SoundIndex()
        for r in real { alone.insert(id: r.id, fingerprint: r.sound) }
        let byId = Dictionary(grouping: real, by: \.id).mapValues { $0.map(\.sound) }
        let lookup = { (id: Int64) in byId[id] ?? [] }
        var times: [Double] = []
        var differing = 0, found = 0
        for r in real {
            let t = DispatchTime.now().uptimeNanoseconds
            let among = index.matches(for: r.sound, lookup: lookup)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            let only = alone.matches(for: r.sound, lookup: lookup)
            if among.map(\.id) != only.map(\.id) { differing += 1 }
            found += among.filter { $0.id != r.id }.count
        }
        times.sort()
        let p50 = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
        print(
            String(
                format:
                    "%d recordings (%d real, %.1f hours of generated sound): index built in %.1f s; look-up p50 %.1f ms, p95 %.1f ms (target < 50), max %.1f ms; matches changed by the generated ones: %d/%d; matches found %d",
                count, real.count, Double(items) * step / 3600, buildSeconds, p50, p95, times.last ?? 0, differing,
                real.count, found))
        if differing > 0 { throw ExitCode.failure }
    }
}
