// lectern-dev: developers' tools, not for staff. `generate` fills a library with a realistic
// generated catalog; `bench-search` times the search query mix against a LIKE scan.
import ArgumentParser
import Catalog
import Foundation
import LecternCore

struct Dev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern-dev", abstract: "Developers' tools for Lectern.",
        subcommands: [
            Generate.self, BenchSearch.self, BenchDuplicateLookup.self, SimplifiedTableCommand.self, CompareSound.self,
            BenchSoundLookup.self, BenchPeople.self, BenchManuscripts.self,
        ])
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill a new library with a generated county catalog.")
    @Option var library: String
    @Option var count = 10_000
    @Option var seed: UInt64 = 1
    /// With a number: films on every month's list of 2026, reviews, call-ins and this many
    /// themed party days (the reports benchmark).
    @Option var activities: Int?
    /// A UTF-8 file of Chinese sentences, one a line: each lecture gets a script of 2,000–6,000
    /// characters made of them (the search benchmark with texts).
    @Option(name: .customLong("texts-from")) var textsFrom: String?
    /// Write each script with a character model of those sentences instead of the sentences
    /// themselves: scripts that share no passages, as unrelated lectures' do (whole sentences
    /// drawn from one pool make every script a partial copy of many others).
    @Flag(name: .customLong("prose-model")) var proseModel = false
    /// `postgres://…`: the new library's catalog in that (empty) database.
    @Option var catalog: String?

    func run() throws {
        let lib = try Library.create(at: URL(fileURLWithPath: library), catalog: catalog)
        let catalog = try Catalog(library: lib)
        var generator = Generator(seed: seed)
        let orgs = generator.organisations()
        _ = try catalog.importOrganisations(orgs, actor: "generator", now: Date())
        let start = Date()
        var done = 0
        let sentences = try textsFrom.map { path -> [String] in
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            guard !lines.isEmpty else { throw ValidationError("\(path) has no sentences") }
            return lines
        }
        let model = proseModel ? sentences.map { ProseModel([$0.joined()]) } : nil
        while done < count {
            let batch = (done..<min(count, done + 5000)).map { generator.lecture($0, organisations: orgs) }
            let written = try catalog.recordIngest(
                batch: batch, actor: "generator", now: Date(timeIntervalSince1970: 1_780_000_000 + Double(done)))
            let ids = written.compactMap { w -> Int64? in if case .ingested(let id, _) = w { id } else { nil } }
            if let model {
                // Written on both cores, each lecture's script from its own seed; stored and
                // indexed in one transaction, not compared (the model's texts share no passages).
                let texts = Self.parallelTexts(ids.count) { i in
                    var rng = SeededGenerator(seed: seed &* 1_000_003 &+ UInt64(ids[i]))
                    return model.text(2000 + Int(rng.next() % 4001), using: &rng)
                }
                try catalog.attachGenerated(
                    zip(ids, texts).map { ($0, Self.script($0, $1)) }, actor: "generator", now: Date())
            } else if let sentences {
                for id in ids {
                    _ = try catalog.attach(
                        [Self.script(id, generator.script(from: sentences))], lecture: id, activity: nil,
                        actor: "generator", now: Date())
                }
            }
            done += batch.count
            if done % 100_000 == 0 || done == count {
                FileHandle.standardError.write(
                    Data("generated \(done) in \(Int(Date().timeIntervalSince(start))) s\n".utf8))
            }
        }
        if let activities {
            try generator.month(catalog: catalog, organisations: orgs, activities: activities)
            FileHandle.standardError.write(
                Data(
                    "generated the month's films, reviews and \(activities) activities in \(Int(Date().timeIntervalSince(start))) s\n"
                        .utf8))
        }
    }
}

extension Generate {
    static func script(_ id: Int64, _ text: String) -> NewAttachment {
        NewAttachment(
            role: .script, sha256: String(format: "txt%061llx", id), storedPath: "media/generated/\(id).txt",
            originalName: "讲稿\(id).txt", sizeBytes: Int64(text.utf8.count),
            document: ExtractedDocument(format: .txt, pages: 0, text: text))
    }

    /// `count` texts made by `make` on every core.
    static func parallelTexts(_ count: Int, _ make: @Sendable (Int) -> String) -> [String] {
        let lock = NSLock()
        nonisolated(unsafe) var out = [String](repeating: "", count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let text = make(i)
            lock.withLock { out[i] = text }
        }
        return out
    }
}

struct BenchSearch: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search latency against a LIKE scan, and index size.")
    @Option var library: String
    @Option var rounds = 20

    static let mix: [(String, like: String?)] = [
        ("党", "党"), ("课", "课"), ("党课", "党课"), ("春华", "春华"), ("二十大", "二十大"), ("黨課", nil),
        ("dangke", nil), ("dang ke", nil), ("dk", nil), ("changsha", nil), ("\"红船 精神\"", "红船精神"),
        ("speaker:吴辉", nil), ("org:春华镇", nil), ("topic:党史学习", nil), ("党课 org:春华镇", nil),
        ("党史 duration:5m..15m", nil), ("党课 recorded:2024-01..2024-06", nil), ("乡村振兴 -七一", nil),
        ("status:pending duration:..10m", nil), ("基层治理 示范", nil),
    ]
    /// With `--texts`: words only the attached scripts hold, and `text:`.
    static let textMix: [(String, like: String?)] = [
        ("软件包", nil), ("text:内核", nil), ("text:\"配置文件\"", nil), ("系统 text:网络", nil),
    ]
    @Flag(help: "Add queries of the attached scripts' words to the mix.") var texts = false
    @Option(help: "Time only these queries of the mix (repeatable), e.g. to profile one.") var only: [String] = []

    func run() throws {
        let catalog = try Catalog(library: Library(root: URL(fileURLWithPath: library)))
        var all: [Double] = [], lines: [String] = [], likeRatios: [Double] = []
        for (text, like) in Self.mix + (texts ? Self.textMix : []) where only.isEmpty || only.contains(text) {
            let query = try SearchQuery.parse(text)
            _ = try catalog.search(query)  // warm
            var times: [Double] = []
            for _ in 0..<rounds {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try catalog.search(query)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
            all += times
            var line = String(
                format: "%-32@ p50 %7.2f ms  p95 %7.2f ms", text as NSString, pct(times, 50), pct(times, 95))
            if let like {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try catalog.likeScan(like)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
                likeRatios.append(ms / pct(times, 50))
                line += String(format: "   LIKE scan %8.1f ms (%.0fx)", ms, ms / pct(times, 50))
            }
            lines.append(line)
        }
        let size = try catalog.searchIndexSize()
        let sizes = (size.indexBytes, size.rawTextBytes, size.lectures)
        lines.forEach { print($0) }
        print(
            String(
                format: "%d lectures; all queries: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (target p95 < 10 ms)",
                sizes.2, pct(all, 50), pct(all, 95), pct(all, 99)))
        print(
            String(
                format: "LIKE scan / search, median over the literal queries: %.0fx (target >= 100x)",
                pct(likeRatios, 50)))
        print(
            String(
                format: "index %.0f MB, raw text %.0f MB (of which attached scripts %.0f MB): %.2fx (target < 3x)",
                Double(sizes.0) / 1e6, Double(sizes.1 + size.attachedTextBytes) / 1e6,
                Double(size.attachedTextBytes) / 1e6,
                Double(sizes.0) / Double(max(1, sizes.1 + size.attachedTextBytes))))
    }

    func pct(_ xs: [Double], _ p: Double) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count - 1) * p / 100 + 0.5))]
    }
}

struct BenchDuplicateLookup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-duplicate-lookup",
        abstract:
            "Near-duplicate look-up time at N catalogued fingerprints: the index against comparing with every one.",
        discussion: """
            Without --library: N generated fingerprints, queried with altered copies of some.
            With --library: that library's real fingerprints among N - (their number) generated
            ones; each real one is looked up, and its matches must be the same as among the real
            ones alone (the fillers must neither hide nor add a match).
            """)
    @Option var count = 100_000
    @Option var queries = 20
    @Option(help: "A library whose fingerprints are the queries.") var library: String?

    func run() throws {
        var generator = SeededGenerator(seed: 7)
        func video(_ frames: Int) -> Fingerprint {
            Fingerprint(
                frames: (0..<frames).map {
                    Fingerprint.Frame(time: Double($0) * 10, hash: generator.next(), blank: false)
                })
        }
        var real: [(id: Int64, fp: Fingerprint)] = []
        if let library {
            let catalog = try Catalog(library: Library(root: URL(fileURLWithPath: library)))
            for v in try catalog.allVersions() {
                guard let text = v.fingerprint,
                    let fp = try? JSONDecoder().decode(Fingerprint.self, from: Data(text.utf8))
                else { continue }
                real.append((v.lectureId, fp))
            }
        }
        let fillerBase = Int64(1_000_000_000)
        var catalogue: [Fingerprint] = []
        catalogue.reserveCapacity(count)
        for _ in 0..<max(0, count - real.count) { catalogue.append(video(64)) }
        var index = FingerprintIndex()
        let built = DispatchTime.now().uptimeNanoseconds
        for (i, fp) in catalogue.enumerated() { index.insert(id: fillerBase + Int64(i), fingerprint: fp) }
        for r in real { index.insert(id: r.id, fingerprint: r.fp) }
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - built) / 1e9

        var times: [Double] = []
        func timed(_ body: () -> [FingerprintIndex.Match]) -> [FingerprintIndex.Match] {
            let t = DispatchTime.now().uptimeNanoseconds
            let result = body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            return result
        }
        var found = 0, asked = 0, differing = 0
        if real.isEmpty {
            // Queries: copies of generated videos with 4 bits flipped per frame and the first 20 s cut.
            for q in 0..<queries {
                let original = catalogue[(q * 7919) % catalogue.count]
                let copy = Fingerprint(
                    frames: original.frames.dropFirst(2).map { f in
                        var h = f.hash
                        for _ in 0..<4 { h ^= 1 << (generator.next() % 64) }
                        return Fingerprint.Frame(time: f.time - 20, hash: h, blank: false)
                    })
                let matches = timed { index.matches(for: copy) }
                asked += 1
                if matches.first?.id == fillerBase + Int64((q * 7919) % catalogue.count) { found += 1 }
            }
        } else {
            var alone = FingerprintIndex()
            for r in real { alone.insert(id: r.id, fingerprint: r.fp) }
            for r in real {
                let among = timed { index.matches(for: r.fp, threshold: Catalog.nearDuplicateThreshold) }
                if among != alone.matches(for: r.fp, threshold: Catalog.nearDuplicateThreshold) { differing += 1 }
                asked += 1
            }
        }
        let probe = real.first?.fp ?? catalogue[0]
        let t = DispatchTime.now().uptimeNanoseconds
        var linearHits = 0
        for fp in catalogue where probe.similarity(to: fp) >= 0.5 { linearHits += 1 }
        for r in real where probe.similarity(to: r.fp) >= 0.5 { linearHits += 1 }
        let linear = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
        times.sort()
        let p50 = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
        var line = String(
            format:
                "%d fingerprints (%d real): index built in %.1f s; look-up per video p50 %.1f ms, p95 %.1f ms, max %.1f ms; comparing with every one %.0f ms (%.0fx)",
            count, real.count, buildSeconds, p50, p95, times.last ?? 0, linear, linear / max(0.001, p50))
        if real.isEmpty {
            line += "; copies found \(found)/\(asked)"
        } else {
            line += "; matches changed by the \(count - real.count) generated ones: \(differing)/\(asked)"
        }
        print(line)
        if differing > 0 { throw ExitCode.failure }
    }
}

Dev.main()
