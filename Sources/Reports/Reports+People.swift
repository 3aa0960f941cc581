import Catalog
import Foundation
import LecternCore

/// Who lectured: by role (「领导干部带头讲、党组织书记必须讲…」), by person (优秀授课党员), and
/// the members' share of it (讲课党员占党员人数).
extension Reports {
    /// The period's approved lectures (held in it, approved as of `asOf`).
    func heldLectures(_ period: ReportPeriod, asOf: String) -> [ReportSnapshot.Lecture] {
        county.snapshot.lectures.filter { l in
            l.kind == ItemKind.lectureCode && county.uploadedOn(l) <= asOf && period.contains(county.heldOn(l))
                && approved(l, on: asOf)
        }
    }

    func heldActivities(_ period: ReportPeriod, asOf: String) -> [ActivityView] {
        county.snapshot.activities.filter { period.contains($0.day) && $0.day <= asOf }
    }

    var peopleById: [Int64: PersonView] {
        Dictionary(uniqueKeysWithValues: county.snapshot.people.people.map { ($0.id, $0) })
    }

    /// 「按主讲人身份」: lectures and party-day lectures by the speakers' roles.
    func roleSection(_ period: ReportPeriod, asOf: String, word: String) -> Section {
        let records = county.snapshot.people
        let people = peopleById
        var lectures: [String: Int] = [:], speakers: [String: Set<Int64>] = [:], talks: [String: Int] = [:]
        var unlinked = 0, nobody = 0
        for l in heldLectures(period, asOf: asOf) {
            let ids = records.lectureSpeakers[l.id] ?? []
            if ids.isEmpty {
                if l.speaker == nil { nobody += 1 } else { unlinked += 1 }
            }
            for role in Set(ids.compactMap { people[$0]?.role }) { lectures[role, default: 0] += 1 }
            for id in ids { if let role = people[id]?.role { speakers[role, default: []].insert(id) } }
        }
        for a in heldActivities(period, asOf: asOf) {
            for role in Set((records.activitySpeakers[a.id] ?? []).compactMap { people[$0]?.role }) {
                talks[role, default: 0] += 1
            }
        }
        let roles = records.roles + Set(people.values.map(\.role)).subtracting(records.roles).sorted()
        var rows = roles.map { r in ["\(r)", "\(lectures[r] ?? 0)", "\(speakers[r]?.count ?? 0)", "\(talks[r] ?? 0)"] }
        rows.append(["未登记在名册的主讲人", "\(unlinked)", "—", "—"])
        if nobody > 0 { rows.append(["没有写主讲人", "\(nobody)", "—", "—"]) }
        return Section(
            title: "按主讲人身份", empty: "",
            columns: [
                Col("身份"), Col("通过的微党课", numeric: true), Col("讲课人数", numeric: true), Col("主题党日讲党课", numeric: true),
            ],
            rows: rows, chart: .init(title: "通过的微党课", labelColumn: 0, valueColumn: 1),
            note: "\(word)举办并已通过的微党课，按名册中主讲人的身份计（几位主讲人身份不同时，每种身份各计一次）。")
    }

    /// The members of `id`'s subtree on `day`: the branches' counts summed, or the
    /// organisation's own when nothing below it is counted.
    func members(_ id: String, on day: String, counts: [String: Int]) -> Int? {
        let below = (county.children[id] ?? []).compactMap { members($0, on: day, counts: counts) }
        if !below.isEmpty { return below.reduce(0, +) }
        return counts[id]
    }

    /// 「党员参与情况」 for the yearly report: members, the members who lectured, their share,
    /// and the participants of the party days (受教育党员人次).
    func participationSection(_ period: ReportPeriod, asOf: String) -> (Section, [ReportDocument.Figure]) {
        let records = county.snapshot.people
        let counts = records.memberCounts.onDay(asOf)
        let people = peopleById
        var lecturers: Set<Int64> = []
        for l in heldLectures(period, asOf: asOf) { lecturers.formUnion(records.lectureSpeakers[l.id] ?? []) }
        let activities = heldActivities(period, asOf: asOf)
        for a in activities { lecturers.formUnion(records.activitySpeakers[a.id] ?? []) }
        func under(_ id: String) -> Set<String> {
            var out: Set<String> = [id]
            for c in county.children[id] ?? [] { out.formUnion(under(c)) }
            return out
        }
        let shown = county.ordered.filter { $0.depth <= 1 && $0.id != "unassigned" }
        let rows: [[String]] = shown.map { id, _ in
            let ids = under(id)
            let n = members(id, on: asOf, counts: counts)
            let lectured = lecturers.filter { people[$0].map { ids.contains($0.organisationId) } ?? false }.count
            let educated = activities.filter { ids.contains($0.organisationId) }.reduce(0) {
                $0 + ($1.participantCount ?? 0)
            }
            return [
                county.name(id), n.map(String.init) ?? "未登记", "\(lectured)",
                n.map { Self.percent(lectured, $0) } ?? "—",
                "\(educated)",
            ]
        }
        let root = county.ordered.first { $0.depth == 0 && $0.id != "unassigned" }?.id
        let total = root.flatMap { members($0, on: asOf, counts: counts) }
        let lecturedAll = lecturers.filter {
            people[$0].map { county.organisations[$0.organisationId] != nil } ?? false
        }
        let section = Section(
            title: "党员参与情况", empty: "还没有组织。",
            columns: [
                Col("组织"), Col("党员人数", numeric: true), Col("讲课党员", numeric: true), Col("讲课党员占比", numeric: true),
                Col("受教育党员人次", numeric: true),
            ],
            rows: rows, depth: shown.map(\.depth),
            note: "党员人数：截至 \(asOf) 登记的人数（lectern org members）；讲课党员：本年主讲了通过的微党课或在主题党日讲党课的名册人员；"
                + "受教育党员人次：各次主题党日参加人数之和。")
        let figures: [ReportDocument.Figure] = [
            .init(
                "讲课党员", "\(lecturedAll.count)" + (total.map { "（占党员 \(Self.percent(lecturedAll.count, $0))）" } ?? "")),
            .init("受教育党员人次", "\(activities.reduce(0) { $0 + ($1.participantCount ?? 0) })"),
        ]
        return (section, figures)
    }

    /// `lectern report speakers`: the speakers' ranking (优秀授课党员) by approved lectures,
    /// orders delivered and mean score, with the roles' figures.
    public func speakers(_ period: ReportPeriod, today: String, asOf chosen: String? = nil) -> ReportDocument {
        let asOf = chosen ?? min(period.lastDay, today)
        if needsReplay(after: asOf) { return self.asOf(asOf).speakers(period, today: today, asOf: asOf) }
        let records = county.snapshot.people
        let people = peopleById
        struct Tally {
            var lectures = 0, delivered = 0, talks = 0, excellent = 0
            var scores: [Double] = []
        }
        var t: [Int64: Tally] = [:]
        let held = heldLectures(period, asOf: asOf)
        let scoreById = Dictionary(uniqueKeysWithValues: lectureMeans(asOf: asOf).map { ($0.key, $0.value) })
        let excellent = Set(excellentLectures(in: period, asOf: asOf).map(\.0.id))
        for l in held {
            for id in records.lectureSpeakers[l.id] ?? [] {
                t[id, default: Tally()].lectures += 1
                if let s = scoreById[l.id] { t[id, default: Tally()].scores.append(s) }
                if excellent.contains(l.id) { t[id, default: Tally()].excellent += 1 }
            }
        }
        for o in deliveredOrders(period, asOf: asOf) {
            for id in o.speakerIds { t[id, default: Tally()].delivered += 1 }
        }
        let orderActivities = Set(records.orders.compactMap(\.activityId))
        for a in heldActivities(period, asOf: asOf) where !orderActivities.contains(a.id) {
            for id in records.activitySpeakers[a.id] ?? [] { t[id, default: Tally()].talks += 1 }
        }
        func mean(_ x: Tally) -> Double { x.scores.isEmpty ? 0 : x.scores.reduce(0, +) / Double(x.scores.count) }
        let ranked = t.compactMap { id, x in people[id].map { ($0, x) } }.sorted { a, b in
            if a.1.lectures != b.1.lectures { return a.1.lectures > b.1.lectures }
            if a.1.delivered != b.1.delivered { return a.1.delivered > b.1.delivered }
            if mean(a.1) != mean(b.1) { return mean(a.1) > mean(b.1) }
            return a.0.id < b.0.id
        }
        let rows = ranked.enumerated().map { i, entry in
            let (p, x) = entry
            return [
                "\(i + 1)", p.name, county.name(p.organisationId), p.role, "\(x.lectures)", "\(x.delivered)",
                "\(x.talks)",
                x.scores.isEmpty ? "—" : Self.oneDecimal(mean(x)), "\(x.excellent)",
            ]
        }
        let ranking = Section(
            title: "授课党员排行", empty: "\(period.label)还没有名册中的人员讲过课。",
            columns: [
                Col("名次", numeric: true), Col("姓名"), Col("单位"), Col("身份"), Col("通过的微党课", numeric: true),
                Col("点单送课", numeric: true), Col("主题党日讲党课", numeric: true), Col("平均评分", numeric: true),
                Col("优秀微党课", numeric: true),
            ],
            rows: rows,
            note: "按通过的微党课数、点单送课次数、评选小组的平均评分排序；同名的人按名册编号分开计算。")
        return ReportDocument(
            kind: "speakers", title: "授课党员情况", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本期"), issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("讲过课的名册人员", "\(ranked.count)"), .init("通过的微党课", "\(held.count)"),
                .init("点单送课", "\(deliveredOrders(period, asOf: asOf).count)"),
            ],
            sections: [ranking, roleSection(period, asOf: asOf, word: "本期")])
    }

    /// Each scored lecture's mean as of `asOf`.
    func lectureMeans(asOf: String) -> [Int64: Double] {
        var sums: [Int64: (Double, Int)] = [:]
        for s in county.snapshot.scores where county.day(s.at) <= asOf {
            let v = sums[s.lectureId] ?? (0, 0)
            sums[s.lectureId] = (v.0 + Double(s.scores.total) / 4, v.1 + 1)
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }

    /// Orders delivered in the period (by the delivery's day).
    func deliveredOrders(_ period: ReportPeriod, asOf: String) -> [OrderView] {
        county.snapshot.people.orders.filter { o in
            guard let d = o.deliveredOn else { return false }
            return period.contains(d) && d <= asOf
        }
    }
}
