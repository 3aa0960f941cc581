import Catalog
import Foundation
import LecternCore

extension BenchManuscripts {
    struct Thresholds {
        var whole: Double
        var passage: Int
        var shared: Int
        func flags(_ o: ScriptOverlap) -> Bool {
            max(o.coverage, o.otherCoverage) >= whole || o.longest >= passage || o.shared >= shared
        }
        var label: String { String(format: "whole %.2f, passage %d, shared %d", whole, passage, shared) }
    }

    struct Score {
        var truePositives: [String: Int] = [:]
        var counts: [String: Int] = [:]
        var falsePositives = 0
        var negativesFlagged = 0
        var precision: Double {
            let tp = truePositives.values.reduce(0, +)
            return tp + falsePositives == 0 ? 1 : Double(tp) / Double(tp + falsePositives)
        }
        func recall(_ kind: String) -> Double { Double(truePositives[kind] ?? 0) / Double(max(1, counts[kind] ?? 0)) }
    }

    static func score(_ results: [(Query, [Catalog.ScriptCandidate])], _ t: Thresholds) -> Score {
        var s = Score()
        for (q, found) in results {
            s.counts[q.kind, default: 0] += 1
            for c in found where t.flags(c.overlap) {
                if let e = q.expected, c.referenceId == e {
                    s.truePositives[q.kind, default: 0] += 1
                } else {
                    s.falsePositives += 1
                    if q.expected == nil { s.negativesFlagged += 1 }
                }
            }
        }
        return s
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count - 1) * p))]
    }

    func report(
        _ results: [(Query, [Catalog.ScriptCandidate])], times: [Double], held: Int, size: Int, textBytes: Int,
        model: ProseModel,
        sample: [Query]
    ) {
        let kinds = results.map(\.0.kind).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let current = Thresholds(
            whole: ScriptOverlap.wholeThreshold, passage: ScriptOverlap.passageThreshold,
            shared: ScriptOverlap.sharedThreshold)
        let s = Self.score(results, current)
        print(
            "bench-manuscripts: \(results.count) look-ups among \(held) texts (\(originals) originals, \(background) others)"
        )
        print("thresholds (the catalog's): \(current.label)")
        print("  kind                       n   recall   expected match: coverage p10 / median, longest p10")
        for k in kinds {
            let mine = results.filter { $0.0.kind == k }
            let best = mine.map { q, found in found.first { $0.referenceId == q.expected }?.overlap }
            let cover = best.map { $0.map { max($0.coverage, $0.otherCoverage) } ?? 0 }
            let longest = best.map { Double($0?.longest ?? 0) }
            let recall = k == "hard negative" ? "-" : String(format: "%.3f", s.recall(k))
            print(
                String(
                    format: "  %@ %4d   %@    %.2f / %.2f, %4.0f", k.padding(toLength: 24, withPad: " ", startingAt: 0),
                    mine.count, recall, Self.percentile(cover, 0.1), Self.percentile(cover, 0.5),
                    Self.percentile(longest, 0.1)))
        }
        let wrong = results.flatMap { q, found in found.filter { $0.referenceId != q.expected }.map(\.overlap) }
        print(
            String(
                format:
                    "  unrelated pairs compared: %d; their coverage max %.2f (p99 %.2f), longest max %d, shared max %d",
                wrong.count, wrong.map { max($0.coverage, $0.otherCoverage) }.max() ?? 0,
                Self.percentile(wrong.map { max($0.coverage, $0.otherCoverage) }, 0.99),
                wrong.map(\.longest).max() ?? 0, wrong.map(\.shared).max() ?? 0))
        for (q, found) in results {
            for c in found where current.flags(c.overlap) && c.referenceId != q.expected {
                let o = c.overlap
                print(
                    String(
                        format: "  false match (%@): coverage %.2f / %.2f, longest %d, shared %d: 「%@」", q.kind,
                        o.coverage, o.otherCoverage, o.longest, o.shared,
                        String(o.passages.first?.text.prefix(40) ?? "")))
            }
        }
        print(
            String(
                format: "precision %.3f (target 0.98); hard negatives flagged: %d of %d (target 0); false matches %d",
                s.precision, s.negativesFlagged, s.counts["hard negative"] ?? 0, s.falsePositives))
        print("around the thresholds: precision, recall on reuse / light 30% / partial 1 / traditional")
        for w in [0.3, 0.4, 0.5] {
            for p in [60, 100, 150] {
                let t = Thresholds(whole: w, passage: p, shared: p * 2)
                let x = Self.score(results, t)
                print(
                    String(
                        format: "  %@: %.3f, %.2f / %.2f / %.2f / %.2f", t.label, x.precision, x.recall("reuse"),
                        x.recall("light 30%"), x.recall("partial 1"), x.recall("traditional")))
            }
        }
        // Comparing with every text held, timed on 1,000 of the background's kind and scaled.
        var g = ManuscriptCorpus(rng: SeededGenerator(seed: seed &+ 2))
        let others = (0..<1000).map { _ in ScriptText(g.lecture(model.text(g.int(2000...6000), using: &g.rng))) }
        let probes = sample.prefix(5).map { ScriptText($0.text) }
        let t = Date()
        for p in probes { for o in others { _ = ScriptOverlap(p, o) } }
        let brute = Date().timeIntervalSince(t) * 1000 / Double(probes.count) * Double(held) / 1000
        let p50 = Self.percentile(times, 0.5), p95 = Self.percentile(times, 0.95), p99 = Self.percentile(times, 0.99)
        print(
            String(
                format:
                    "look-up: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (target p95 < 50 ms); comparing with all %d: %.0f ms (%.0f× the p50)",
                p50, p95, p99, held, brute, brute / max(p50, 0.001)))
        print(
            String(
                format: "catalog with the texts and signatures: %.0f MB (the texts themselves: %.0f MB)",
                Double(size) / 1_048_576, Double(textBytes) / 1_048_576))
    }
}
