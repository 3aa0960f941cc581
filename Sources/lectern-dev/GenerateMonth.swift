import Catalog
import Foundation
import LecternCore

/// The branch's month for a generated catalog (the reports benchmark): education films on
/// every month's list of 2026, reviews of a share of the lectures recorded in 2026, the
/// branches' themed party days, and call-ins.
extension Generator {
    static let practices = ["清理村道垃圾", "走访慰问独居老人", "政策宣讲送学上门", "义诊义剪", "环境整治", "文明劝导"]

    mutating func month(catalog: Catalog, organisations: [OrganisationRecord], activities: Int) throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        var films: [NewLecture] = []
        for k in 0..<24 {
            var n = lecture(1_000_000 + k, organisations: organisations)
            n.kind = ItemKind.filmCode
            n.title = "教育片\(k + 1)：\(pick(Self.phrases))"
            n.organisationId = "county"
            n.findings = []
            films.append(n)
        }
        let filmIds = try catalog.recordIngest(batch: films, actor: "generator", now: now).compactMap {
            write -> Int64? in
            if case .ingested(let id, _) = write { id } else { nil }
        }
        for id in filmIds { _ = try catalog.review(id, ReviewDecision(action: .approve), actor: "generator", now: now) }
        for m in 1...12 {
            let month = String(format: "2026-%02d", m)
            _ = try catalog.planFilms(
                month: month, ids: [filmIds[(2 * m) % filmIds.count], filmIds[(2 * m + 1) % filmIds.count]],
                actor: "generator", now: now)
        }
        // Reviews: the 2026 lectures that passed the policy, most approved, some sent back.
        let pending = try catalog.search(
            try SearchQuery.parse("status:pending recorded:2026-01..2026-12"), limit: 100_000, sort: .recorded)
        for (i, hit) in pending.enumerated() {
            let decision: ReviewDecision
            switch i % 10 {
            case 0: decision = ReviewDecision(action: .reject, reasons: [.copied])
            case 1: decision = ReviewDecision(action: .rectify, reasons: [.detached], deadline: "2026-06-30")
            default: decision = ReviewDecision(action: .approve)
            }
            _ = try catalog.review(hit.id, decision, actor: "generator", now: now)
            if i % 10 == 1, i % 20 == 1 {
                _ = try catalog.recordInterview(
                    hit.id, day: "2026-07-05", person: "支部书记", note: "逾期未整改", actor: "generator", now: now)
            }
        }
        let branches = organisations.filter { $0.kind == "branch" }.map(\.name)
        var rows: [NewActivity] = []
        for i in 0..<activities {
            let month = 1 + i % 12, day = 1 + Int(rng.next() % 28)
            var a = NewActivity(
                organisation: branches[(i / 12) % branches.count], day: String(format: "2026-%02d-%02d", month, day))
            a.time = String(format: "%02d:%02d", 8 + i % 10, (i * 7) % 60)
            a.participantCount = 8 + Int(rng.next() % 30)
            if chance(0.8) {
                a.speaker = String(pick(Self.surnames)) + String(pick(Self.given))
                a.lectureTitle = pick(Self.phrases)
            }
            if chance(0.85) { a.film = "#\(filmIds[(2 * month + Int(rng.next() % 2)) % filmIds.count])" }
            if chance(0.9) { a.practice = pick(Self.practices) }
            rows.append(a)
        }
        for start in stride(from: 0, to: rows.count, by: 500) {
            _ = try catalog.recordActivities(
                Array(rows[start..<min(rows.count, start + 500)]), actor: "generator", now: now, keepGood: true)
        }
    }
}
