import ArgumentParser
import Catalog
import Foundation
import LecternCore

/// The register's name search at a province's size: N people (default 100,000) in a new
/// library, then the query mix timed (p50, p95) against a LIKE scan of the same table in the
/// same run. Target: p95 under 10 ms.
struct BenchPeople: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-people", abstract: "Register search latency over N people against a LIKE scan.")
    @Option var library: String
    @Option var count = 100_000
    @Option var rounds = 30
    @Option var seed: UInt64 = 7

    /// (query, the LIKE pattern that finds the same names, when there is one).
    static let mix: [(String, like: String?)] = [
        ("王芳", "王芳"), ("王", "王"), ("芳", "芳"), ("李明", "李明"), ("王芳", nil), ("張偉", nil), ("wangfang", nil),
        ("wf", nil), ("zhang", nil), ("liu jun", nil), ("陈静", "陈静"), ("欧阳", "欧阳"),
    ]

    func run() throws {
        let root = URL(fileURLWithPath: library)
        let catalog: Catalog
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(".people-\(count)").path) {
            catalog = try Catalog(library: Library(root: root))
        } else {
            try? FileManager.default.removeItem(at: root)
            let lib = try Library.create(at: root)
            catalog = try Catalog(library: lib)
            var g = Generator(seed: seed)
            let orgs = g.organisations()
            _ = try catalog.importOrganisations(orgs, actor: "generator", now: Date())
            let branches = orgs.filter { $0.kind == "branch" }.map(\.id)
            let roles = ["普通党员", "普通党员", "普通党员", "普通党员", "党组织书记", "本土讲师", "领导干部", "下派干部"]
            let start = Date()
            var done = 0
            while done < count {
                let rows = (done..<min(count, done + 10_000)).map { i -> NewPerson in
                    let surname = i % 97 == 0 ? "欧阳" : String(g.pick(Generator.surnames))
                    let name =
                        surname + (0..<(g.chance(0.6) ? 2 : 1)).map { _ in String(g.pick(Generator.given)) }.joined()
                    return NewPerson(name: name, organisation: g.pick(branches), role: g.pick(roles))
                }
                _ = try catalog.addPeople(rows, actor: "generator", now: Date())
                done += rows.count
            }
            FileHandle.standardError.write(
                Data("registered \(done) in \(Int(Date().timeIntervalSince(start))) s\n".utf8))
            try Data().write(to: root.appendingPathComponent(".people-\(count)"))
        }
        var all: [Double] = [], ratios: [Double] = []
        print(
            String(
                format: "%-12@ %8@ %8@ %8@ %10@", "query" as NSString, "found" as NSString, "p50 ms" as NSString,
                "p95 ms" as NSString, "LIKE ms" as NSString))
        for (text, like) in Self.mix {
            let found = try catalog.searchPeople(text, limit: 50).count
            var times: [Double] = []
            for _ in 0..<rounds {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try catalog.searchPeople(text, limit: 50)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            all += times
            var likeText = "—"
            if let like {
                var scans: [Double] = []
                for _ in 0..<max(3, rounds / 5) {
                    let t = DispatchTime.now().uptimeNanoseconds
                    _ = try catalog.personLikeScan(like)
                    scans.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                }
                let scan = Self.percentile(scans, 0.5)
                likeText = String(format: "%.2f", scan)
                ratios.append(scan / max(0.001, Self.percentile(times, 0.5)))
            }
            print(
                String(
                    format: "%-12@ %8d %8.2f %8.2f %10@", text as NSString, found, Self.percentile(times, 0.5),
                    Self.percentile(times, 0.95), likeText as NSString))
        }
        let p95 = Self.percentile(all, 0.95)
        print(
            String(
                format:
                    "bench-people: %d people, p50 %.2f ms, p95 %.2f ms (target < 10 ms) %@; LIKE scan / search: %.1fx (median)",
                count, Self.percentile(all, 0.5), p95, p95 < 10 ? "ok" : "OVER", Self.percentile(ratios, 0.5)))
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
    }
}
