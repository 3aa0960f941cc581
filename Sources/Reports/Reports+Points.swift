import Catalog
import Foundation
import LecternCore

/// `lectern points`: each member's points (党员积分) for lecturing and taking part, derived
/// from the records by `[points]`, with the events behind them. Nothing is typed in, so the
/// points always agree with the records.
extension Reports {
    public struct PointEvent: Sendable, Equatable {
        public var personId: Int64
        public var day: String
        public var event: PointRules.Event
        public var what: String
        public var points: Double
    }

    /// Every event that earns points in the period, and the attendees who could not be told
    /// apart (a name not in the branch's register, or two of it).
    public func pointEvents(_ period: ReportPeriod, asOf: String, rules: PointRules) -> (
        events: [PointEvent], unmatched: [(ActivityView, [String])]
    ) {
        let records = county.snapshot.people
        var out: [PointEvent] = []
        func add(_ ids: [Int64], _ day: String, _ e: PointRules.Event, _ what: String) {
            for id in ids where rules[e] > 0 {
                out.append(PointEvent(personId: id, day: day, event: e, what: what, points: rules[e]))
            }
        }
        let excellent = Set(excellentLectures(in: period, asOf: asOf).map(\.0.id))
        for l in heldLectures(period, asOf: asOf) {
            let ids = records.lectureSpeakers[l.id] ?? []
            add(ids, county.heldOn(l), .approvedLecture, "#\(l.id)「\(l.title)」")
            if excellent.contains(l.id) { add(ids, county.heldOn(l), .excellentLecture, "#\(l.id)「\(l.title)」") }
        }
        for o in deliveredOrders(period, asOf: asOf) {
            add(o.speakerIds, o.deliveredOn ?? o.day, .deliveredOrder, "点单 #\(o.id) 送到\(county.name(o.organisationId))")
        }
        let orderActivities = Set(records.orders.compactMap(\.activityId))
        // Attendees by name among the people of the branch (and below it).
        let byOrganisation = Dictionary(grouping: records.people, by: \.organisationId)
        var unmatched: [(ActivityView, [String])] = []
        for a in heldActivities(period, asOf: asOf) {
            let what = "\(county.name(a.organisationId)) \(a.day) 主题党日"
            if !orderActivities.contains(a.id) {
                add(records.activitySpeakers[a.id] ?? [], a.day, .activitySpeaker, what)
            }
            guard !a.participants.isEmpty else { continue }
            var local: [String: [Int64]] = [:]
            for org in county.branches.contains(a.organisationId) ? [a.organisationId] : subtree(a.organisationId) {
                for p in byOrganisation[org] ?? [] { local[p.name, default: []].append(p.id) }
            }
            var missed: [String] = []
            for name in a.participants {
                if let ids = local[name], ids.count == 1 {
                    add(ids, a.day, .attendedActivity, what)
                } else {
                    missed.append(name)
                }
            }
            if !missed.isEmpty { unmatched.append((a, missed)) }
        }
        return (out.sorted { ($0.personId, $0.day) < ($1.personId, $1.day) }, unmatched)
    }

    func subtree(_ id: String) -> [String] {
        [id] + (county.children[id] ?? []).flatMap(subtree)
    }

    public func points(_ period: ReportPeriod, today: String, rules: PointRules, asOf chosen: String? = nil)
        -> ReportDocument
    {
        let asOf = chosen ?? min(period.lastDay, today)
        if needsReplay(after: asOf) { return self.asOf(asOf).points(period, today: today, rules: rules, asOf: asOf) }
        let (events, unmatched) = pointEvents(period, asOf: asOf, rules: rules)
        let byPerson = Dictionary(grouping: events, by: \.personId)
        let members = county.snapshot.people.people.filter { county.organisations[$0.organisationId] != nil }
        func total(_ id: Int64) -> Double { (byPerson[id] ?? []).reduce(0) { $0 + $1.points } }
        let ranked = members.sorted { a, b in total(a.id) != total(b.id) ? total(a.id) > total(b.id) : a.id < b.id }
        let rows = ranked.enumerated().map { i, p in
            let mine = byPerson[p.id] ?? []
            let summary = PointRules.Event.allCases.compactMap { e -> String? in
                let n = mine.filter { $0.event == e }.count
                return n == 0 ? nil : "\(e.chinese) \(n)×\(Self.oneDecimal(rules[e]))"
            }.joined(separator: "；")
            return [
                "\(i + 1)", "#\(p.id)", p.name, county.name(p.organisationId), p.role, Self.oneDecimal(total(p.id)),
                summary.isEmpty ? "—" : summary,
            ]
        }
        let people = peopleById
        let rule = PointRules.Event.allCases.map { "\($0.chinese) \(Self.oneDecimal(rules[$0])) 分" }.joined(
            separator: "，")
        let list = Section(
            title: "党员积分", empty: "名册中没有这个范围的人员（可用 lectern person import 导入）。",
            columns: [
                Col("名次", numeric: true), Col("编号"), Col("姓名"), Col("单位"), Col("身份"), Col("积分", numeric: true),
                Col("积分来源"),
            ],
            rows: rows, note: "积分按记录自动计算（lectern.toml 的 [points]）：\(rule)。")
        let detail = Section(
            title: "积分明细", empty: "本期没有得分的记录。",
            columns: [Col("姓名"), Col("编号"), Col("日期"), Col("事项"), Col("内容"), Col("积分", numeric: true)],
            rows: events.filter { people[$0.personId].map { county.organisations[$0.organisationId] != nil } ?? false }
                .map { e in
                    [
                        people[e.personId]?.name ?? "#\(e.personId)", "#\(e.personId)", e.day, e.event.chinese, e.what,
                        Self.oneDecimal(e.points),
                    ]
                })
        let missed = Section(
            title: "未计分的参加人员", empty: "参加人员都已对上名册。",
            columns: [Col("主题党日"), Col("日期"), Col("姓名")],
            rows: unmatched.map { a, names in [county.name(a.organisationId), a.day, names.joined(separator: "、")] },
            note: "参加人员按姓名对照本支部的名册；不在名册中或同名的人没有计分（登记或改名后重新生成即可）。")
        let scored = ranked.filter { total($0.id) > 0 }.count
        return ReportDocument(
            kind: "points", title: "党员积分（讲党课与参加活动）", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本期"), issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("名册人员", "\(members.count)"), .init("有积分的人员", "\(scored)"),
                .init("积分合计", Self.oneDecimal(events.reduce(0) { $0 + $1.points })),
                .init("未计分的参加人员", "\(unmatched.reduce(0) { $0 + $1.1.count })", alert: !unmatched.isEmpty),
            ],
            sections: [list, detail, missed])
    }
}
