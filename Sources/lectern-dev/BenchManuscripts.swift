import ArgumentParser
import Catalog
import Foundation
import LecternCore

/// Copied and reused scripts (issue 21): real texts made into lectures, each transformed as
/// people do, looked up among the originals and `background` other texts; precision and
/// recall per transformation at the catalog's thresholds (and around them), look-up p50/p95
/// against comparing with every text (timed on 1,000, scaled).
struct BenchManuscripts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-manuscripts", abstract: "Precision, recall and look-up time of the script comparison.")
    @Option var corpus: String
    @Option var library: String
    @Option var background = 100_000
    @Option var originals = 80
    @Option var seed: UInt64 = 21

    struct Query {
        var kind: String
        var text: String
        /// The original's reference id, nil for a hard negative.
        var expected: Int64?
    }

    func run() throws {
        let texts = try ManuscriptCorpus.load(corpus)
        guard texts.count >= originals * 2 else {
            throw ValidationError("\(corpus) has \(texts.count) texts; \(originals * 2) needed")
        }
        var c = ManuscriptCorpus(rng: SeededGenerator(seed: seed))
        let shuffled = texts.shuffled(using: &c.rng)
        let lectures = shuffled.prefix(originals).map { c.lecture($0) }
        let pool = Array(shuffled.dropFirst(originals))
        let poolSentences = pool.flatMap(ManuscriptCorpus.sentences)
        let model = ProseModel(pool)
        let (catalog, ids) = try open(lectures: lectures, model: model)
        let size = (try? FileManager.default.attributesOfItem(atPath: library + "/catalog.sqlite")[.size] as? Int) ?? 0
        let textBytes = try catalog.references().reduce(0) { $0 + Int($1.sizeBytes) }

        var queries: [Query] = []
        for (i, text) in lectures.enumerated() {
            let id = ids[i]
            queries.append(Query(kind: "reuse", text: c.reused(text), expected: id))
            for f in [0.1, 0.2, 0.3] {
                queries.append(
                    Query(
                        kind: "light \(Int(f * 100))%", text: c.edited(text, fraction: f, pool: poolSentences),
                        expected: id))
            }
            queries.append(Query(kind: "traditional", text: ManuscriptCorpus.traditional(text), expected: id))
            queries.append(
                Query(
                    kind: "light 20% + traditional",
                    text: ManuscriptCorpus.traditional(c.edited(text, fraction: 0.2, pool: poolSentences)), expected: id
                ))
            for n in [1, 2] {
                let host = c.lecture(pool[(i * 2 + n) % pool.count])
                queries.append(
                    Query(kind: "partial \(n)", text: c.partial(text, into: host, passages: n).0, expected: id))
            }
            queries.append(Query(kind: "hard negative", text: c.lecture(pool[(i * 3 + 7) % pool.count]), expected: nil))
        }
        var times: [Double] = []
        var results: [(Query, [Catalog.ScriptCandidate])] = []
        for q in queries {
            let t = Date()
            let found = try catalog.compareScript(q.text)
            times.append(Date().timeIntervalSince(t) * 1000)
            results.append((q, found))
        }
        report(
            results, times: times, held: ids.count + background, size: size, textBytes: textBytes, model: model,
            sample: queries)
    }

    /// The library with the originals and the background loaded as reference texts (cached).
    func open(lectures: [String], model: ProseModel) throws -> (Catalog, [Int64]) {
        let root = URL(fileURLWithPath: library)
        let marker = root.appendingPathComponent(".manuscripts-\(background)-\(originals)-\(seed)")
        if FileManager.default.fileExists(atPath: marker.path) {
            let catalog = try Catalog(library: Library(root: root))
            return (catalog, try catalog.references().prefix(lectures.count).map(\.id))
        }
        try? FileManager.default.removeItem(at: root)
        let catalog = try Catalog(library: try Library.create(at: root))
        func reference(_ text: String, _ n: Int) -> NewReference {
            NewReference(
                title: "\(n)",
                file: NewAttachment(
                    role: .script, sha256: String(format: "bench%08x", n), storedPath: "media/bench/\(n).txt",
                    originalName: "\(n).txt", sizeBytes: Int64(text.utf8.count),
                    document: ExtractedDocument(format: .txt, pages: 0, text: text)))
        }
        let added = try catalog.addReferences(
            lectures.enumerated().map { reference($1, $0) }, actor: "local", now: Date())
        let ids = added.compactMap { if case .added(let id, _) = $0 { id } else { nil } }
        var g = ManuscriptCorpus(rng: SeededGenerator(seed: seed &+ 1))
        let start = Date()
        var done = 0
        while done < background {
            let batch = (done..<min(background, done + 1000)).map { n in
                reference(g.lecture(model.text(g.int(2000...6000), using: &g.rng)), lectures.count + n)
            }
            _ = try catalog.addReferences(batch, actor: "local", now: Date())
            done += batch.count
            if done % 10_000 == 0 || done == background {
                FileHandle.standardError.write(
                    Data(
                        "bench-manuscripts: \(done) background texts in \(Int(Date().timeIntervalSince(start))) s\n"
                            .utf8))
            }
        }
        FileManager.default.createFile(atPath: marker.path, contents: Data())
        return (catalog, ids)
    }
}
