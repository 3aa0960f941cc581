import Foundation
import LecternCore
import Testing

@testable import Media

@Suite(.serialized) struct ConcurrencyAndMemoryTests {
    init() { Fixtures.quiet }

    static let files = [
        "h264_aac.mp4", "hevc_opus.mkv", "vp9_vorbis.webm", "mpeg4_pcm.mov", "mpeg2_mp2.ts",
        "rotated_90.mp4", "no_audio.mp4", "black_opening.mp4",
    ]

    /// What one file yields, without the output paths (they differ by folder).
    struct Outcome: Equatable, Sendable {
        var info: MediaInfo
        var times: [Double]
        var poster: Int
        var fingerprint: Fingerprint?
    }

    static func run(_ name: String, into dir: String) throws -> Outcome {
        let path = Fixtures.path("Fixtures/media/\(name)")
        var info = try Prober.probe(path: path)
        info.file = name
        let frames = try FrameExtractor.extract(
            path: path, options: FramesOptions(outputDirectory: dir, count: 4, width: 160))
        return Outcome(
            info: info, times: frames.samples.map(\.timeSeconds), poster: frames.posterIndex,
            fingerprint: frames.fingerprint)
    }

    @Test func thirtyTwoFilesAtOnceGiveTheSameResultsAsOneByOne() async throws {
        let base = Fixtures.temporaryDirectory()
        let jobs = (0..<32).map { Self.files[$0 % Self.files.count] }
        let sequential = try jobs.enumerated().map { i, name in try Self.run(name, into: "\(base)/seq\(i)") }
        let concurrent = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for (i, name) in jobs.enumerated() {
                group.addTask { (i, try Self.run(name, into: "\(base)/par\(i)")) }
            }
            var out = [Outcome?](repeating: nil, count: jobs.count)
            for try await (i, outcome) in group { out[i] = outcome }
            return out
        }
        for i in jobs.indices { #expect(concurrent[i] == sequential[i], "\(jobs[i])") }
    }

    /// Resident memory from /proc; a test that cannot read it fails instead of comparing zeros.
    static func residentKB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }))
        let kb = try #require(line.split(separator: " ").dropFirst().first.flatMap { Int($0) }, "\(line)")
        #expect(kb > 0)
        return kb
    }

    @Test func memoryStaysFlatOverManyFiles() throws {
        // Scripts/memory-check runs the full 1,000 rounds in a release worker and prints the figure.
        let dir = Fixtures.temporaryDirectory()
        for name in Self.files { _ = try Self.run(name, into: dir) }  // warm up caches and codecs
        let before = try Self.residentKB()
        for round in 0..<12 {
            for name in Self.files { _ = try Self.run(name, into: dir) }
            _ = round
        }
        let grown = try Self.residentKB() - before
        #expect(grown < 12_000, "resident memory grew by \(grown) KB over 96 files")
    }
}
