import ArgumentParser
import Foundation
import LecternCore

/// Compares the sound fingerprints in two `lectern frames --json` outputs (for tuning).
struct CompareSound: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-sound", abstract: "Compare the `sound` of two `lectern frames --json` files.")

    @Argument var first: String
    @Argument var second: String

    struct Frames: Decodable {
        var sound: SoundFingerprint?
        var fingerprint: Fingerprint?
    }

    func run() throws {
        let load = { (path: String) throws -> SoundFingerprint in
            guard
                let s = try JSONDecoder().decode(Frames.self, from: Data(contentsOf: URL(fileURLWithPath: path))).sound
            else { throw ValidationError("\(path) has no sound") }
            return s
        }
        let pa = try JSONDecoder().decode(Frames.self, from: Data(contentsOf: URL(fileURLWithPath: first))).fingerprint
        let pb = try JSONDecoder().decode(Frames.self, from: Data(contentsOf: URL(fileURLWithPath: second))).fingerprint
        if let pa, let pb {
            let m = pa.match(pb)
            print(
                String(
                    format: "picture %.3f mirrored %@ (%d and %d frames)", m?.similarity ?? 0,
                    "\(m?.mirrored ?? false)", pa.frames.count, pb.frames.count))
            for r in m?.ranges ?? [] {
                print(String(format: "  %.1f-%.1f ~ %.1f-%.1f", r.start, r.end, r.otherStart, r.otherEnd))
            }
        }
        let a = try load(first), b = try load(second)
        let start = Date()
        let m = a.match(b)
        let ms = Date().timeIntervalSince(start) * 1000
        guard let m else {
            print("no match (\(String(format: "%.1f", ms)) ms)")
            return
        }
        print(String(format: "similarity %.3f ber %.3f (%.1f ms)", m.similarity, m.bitErrorRate, ms))
        for r in m.ranges {
            print(String(format: "  %.1f-%.1f ~ %.1f-%.1f", r.start, r.end, r.otherStart, r.otherEnd))
        }
    }
}
