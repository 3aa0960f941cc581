import Testing

@testable import LecternCore

@Suite struct QueryTests {
    typealias Q = SearchQuery

    @Test func wordsAndPhrases() throws {
        #expect(
            try Q.parse("党课 学习").terms == [
                .text("党课", phrase: false, negated: false), .text("学习", phrase: false, negated: false),
            ])
        #expect(try Q.parse("\"二十大 精神\"").terms == [.text("二十大 精神", phrase: true, negated: false)])
        #expect(try Q.parse("“二十大 精神”").terms == [.text("二十大 精神", phrase: true, negated: false)])
    }

    @Test func exclusion() throws {
        #expect(try Q.parse("-七一").terms == [.text("七一", phrase: false, negated: true)])
        #expect(try Q.parse("-\"七一 专题\"").terms == [.text("七一 专题", phrase: true, negated: true)])
        #expect(try Q.parse("-speaker:吴辉").terms == [.field(.speaker, "吴辉", negated: true)])
    }

    @Test func fields() throws {
        #expect(
            try Q.parse("speaker:吴辉 org:春华镇 topic:党史 status:approved tag:七一").terms == [
                .field(.speaker, "吴辉", negated: false), .field(.org, "春华镇", negated: false),
                .field(.topic, "党史", negated: false), .status(.approved, negated: false),
                .field(.tag, "七一", negated: false),
            ])
        #expect(try Q.parse("org:\"新村 党支部\"").terms == [.field(.org, "新村 党支部", negated: false)])
        #expect(try Q.parse("speaker：吴辉").terms == [.field(.speaker, "吴辉", negated: false)])  // full-width colon
    }

    @Test func durationRanges() throws {
        #expect(try Q.parse("duration:5m..15m").terms == [.duration(.init(lower: 300, upper: 900))])
        #expect(try Q.parse("duration:..3m").terms == [.duration(.init(lower: nil, upper: 180))])
        #expect(try Q.parse("duration:1h30m..").terms == [.duration(.init(lower: 5400, upper: nil))])
        #expect(try Q.parse("duration:90s..10").terms == [.duration(.init(lower: 90, upper: 600))])
    }

    @Test func dateRanges() throws {
        #expect(try Q.parse("recorded:2024-01..2024-06").terms == [.recorded(from: "2024-01-01", to: "2024-06-30")])
        #expect(try Q.parse("recorded:2024-02").terms == [.recorded(from: "2024-02-01", to: "2024-02-29")])
        #expect(try Q.parse("ingested:2026-11-01..").terms == [.ingested(from: "2026-11-01", to: nil)])
        #expect(try Q.parse("recorded:..2023").terms == [.recorded(from: nil, to: "2023-12-31")])
    }

    @Test func sort() throws {
        #expect(try Q.parse("党课 sort:recorded").sort == .recorded)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var query: String
        var offset: Int
        var testDescription: String { query }
    }

    @Test(arguments: [
        Bad(query: "党课 duration:5x", offset: 12), Bad(query: "foo:bar", offset: 0), Bad(query: "\"未结束", offset: 0),
        Bad(query: "recorded:2024-13", offset: 9), Bad(query: "duration:15m..5m", offset: 9),
        Bad(query: "党课 - 七一", offset: 3),
        Bad(query: "sort:best", offset: 5), Bad(query: "speaker:", offset: 0), Bad(query: "duration:..", offset: 9),
    ])
    func malformedQueriesPointAtTheBadPart(_ bad: Bad) {
        do {
            _ = try Q.parse(bad.query)
            Issue.record("parsed: \(bad.query)")
        } catch {
            #expect(error.offset == bad.offset, "\(error.message)")
            #expect(!error.message.isEmpty)
            let lines = error.pointing(at: bad.query).split(separator: "\n")
            #expect(lines.count == 2 && lines[1].contains("^"))
        }
    }
}
