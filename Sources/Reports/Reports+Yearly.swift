import Catalog
import Foundation
import LecternCore

/// `lectern report yearly`: the year for the secretaries' duty reports (述职) and the yearly
/// assessment.
extension Reports {
    public func yearly(_ period: ReportPeriod, today: String, asOf chosen: String? = nil) -> ReportDocument {
        let asOf = chosen ?? min(period.lastDay, today)
        if needsReplay(after: asOf) {
            return self.asOf(asOf).yearly(period, today: today, asOf: asOf)
        }
        if let empty = noData(period, asOf: asOf, kind: "yearly", title: "微党课与主题党日年度报告") { return empty }
        let year = String(period.firstDay.prefix(4))
        let quarters = (1...4).map { ReportPeriod.quarter(Int(year) ?? 1970, $0) }.filter { $0.firstDay <= asOf }
        let months = period.months.compactMap { try? ReportPeriod.month($0) }.filter { $0.firstDay <= asOf }

        var own: [String: YearTally] = [:]
        var reasonCounts: [String: [String: Int]] = [:]
        for (org, lectures) in county.lecturesByOrganisation {
            var y = YearTally()
            for l in lectures where county.uploadedOn(l) <= asOf {
                if period.contains(county.heldOn(l)), approved(l, on: asOf) { y.lectures += 1 }
                for e in county.events(l.id) where period.contains(county.day(e.at)) && county.day(e.at) <= asOf {
                    guard e.action == "reject" || e.action == "rectify" else { continue }
                    if e.action == "reject" { y.rejected += 1 } else { y.rectified += 1 }
                    for code in e.reasons.split(separator: ",") {
                        reasonCounts[String(code), default: [:]][e.action, default: 0] += 1
                    }
                }
            }
            own[org] = y
        }
        for (org, list) in county.activitiesByOrganisation {
            var y = own[org] ?? YearTally()
            for a in list where period.contains(a.day) && a.day <= asOf {
                y.activities += 1
                if a.filmListed { y.films += 1 }
                if !(a.practice ?? "").isEmpty { y.practices += 1 }
                y.participants += a.participantCount ?? 0
            }
            own[org] = y
        }
        var rolled: [String: YearTally] = [:]
        for (id, _) in county.ordered.reversed() {
            rolled[id] = (county.children[id] ?? []).reduce(own[id] ?? YearTally()) { $0 + (rolled[$1] ?? YearTally()) }
        }
        let total = county.ordered.filter { $0.depth == 0 }.reduce(YearTally()) { $0 + (rolled[$1.id] ?? YearTally()) }
        let shown = county.ordered.filter { $0.depth <= 1 || !(rolled[$0.id] ?? YearTally()).isEmpty }
            .filter { $0.id != "unassigned" || !(rolled[$0.id] ?? YearTally()).isEmpty }
        let orgSection = Section(
            title: "各组织全年情况（含下级）", empty: "还没有组织。",
            columns: [
                Col("组织"), Col("微党课", numeric: true), Col("主题党日", numeric: true), Col("观看教育片", numeric: true),
                Col("实践活动", numeric: true), Col("参加人次", numeric: true), Col("退回", numeric: true),
                Col("限期整改", numeric: true),
            ],
            rows: shown.map { id, _ in
                let y = rolled[id] ?? YearTally()
                return [
                    county.name(id), "\(y.lectures)", "\(y.activities)", "\(y.films)", "\(y.practices)",
                    "\(y.participants)", "\(y.rejected)", "\(y.rectified)",
                ]
            },
            depth: shown.map(\.depth),
            note: "微党课：本年举办并已通过的微党课；观看教育片：主题党日观看了当月清单上的影片；参加人次：各次主题党日参加人数之和。")

        // Each branch's duty: the quarterly lecture and the monthly 一课一片一实践.
        let branches = county.branches
        var quarterMet: [String: Int] = [:], monthMet: [String: Int] = [:]
        let dutyRows: [[String]] = branches.map { b in
            let q = quarters.map { quarter in
                (county.lecturesByOrganisation[b] ?? []).contains {
                    quarter.contains(county.heldOn($0)) && county.uploadedOn($0) <= asOf && approved($0, on: asOf)
                }
            }
            let m = months.filter { monthDuty(b, $0, asOf: asOf).complete }.count
            quarterMet[b] = q.filter { $0 }.count
            monthMet[b] = m
            return [county.name(b), townshipName(of: b)] + q.map { $0 ? "✓" : "✗" } + ["\(m)/\(months.count)"]
        }
        let dutySection = Section(
            title: "各支部任务完成情况", empty: "还没有支部。",
            columns: [Col("支部"), Col("乡镇（街道）")] + quarters.map { Col(String($0.label.dropFirst(5))) }
                + [Col("一课一片一实践（月）", numeric: true)],
            rows: dutyRows,
            note: "季度：该季度有举办并已通过的微党课（✓）。一课一片一实践：三项齐全的月数。")

        let reasonRows = ReasonCode.allCases.compactMap { code -> [String]? in
            guard let c = reasonCounts[code.rawValue] else { return nil }
            let sum = (c["reject"] ?? 0) + (c["rectify"] ?? 0)
            return [code.chinese, "\(c["reject"] ?? 0)", "\(c["rectify"] ?? 0)", "\(sum)"]
        }.sorted { Int($0[3]) ?? 0 > Int($1[3]) ?? 0 }
        let reasons = Section(
            title: "全年退回与整改原因", empty: "本年没有退回或整改。",
            columns: [Col("原因"), Col("退回", numeric: true), Col("限期整改", numeric: true), Col("合计", numeric: true)],
            rows: reasonRows, chart: .init(title: "合计", labelColumn: 0, valueColumn: 3))

        let excellent = excellentLectures(in: period, asOf: asOf)
        let excellentSection = Section(
            title: "全年优秀微党课", empty: "本年没有评分达到 \(Self.oneDecimal(settings.excellentMinimum)) 分的节目。",
            columns: [Col("编号"), Col("标题"), Col("主讲人"), Col("组织"), Col("平均分", numeric: true)],
            rows: excellent.map { l, scores in
                ["#\(l.id)", l.title, l.speaker ?? "—", county.name(l.organisationId), Self.oneDecimal(scores[0])]
            },
            posters: excellent.map { $0.0.posterPath })

        let called = county.snapshot.interviews.filter { period.contains($0.day) && $0.day <= asOf }
        let byId = Dictionary(uniqueKeysWithValues: county.snapshot.lectures.map { ($0.id, $0) })
        let interviewSection = Section(
            title: "全年约谈记录", empty: "本年没有约谈。",
            columns: [Col("日期"), Col("节目"), Col("责任支部"), Col("约谈对象"), Col("情况")],
            rows: called.map { i in
                let l = byId[i.lectureId]
                return [
                    i.day, "#\(i.lectureId) \(l?.title ?? "")", l.map { county.name($0.organisationId) } ?? "—",
                    i.person, i.note,
                ]
            })

        let (participation, participationFigures) = participationSection(period, asOf: asOf)
        let allQuarters = branches.filter { (quarterMet[$0] ?? 0) == quarters.count }.count
        let monthsDone = branches.reduce(0) { $0 + (monthMet[$1] ?? 0) }
        return ReportDocument(
            kind: "yearly", title: "微党课与主题党日年度报告", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本年"), issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("支部", "\(branches.count)"), .init("通过的微党课", "\(total.lectures)"),
                .init("主题党日", "\(total.activities)"), .init("观看教育片", "\(total.films)"),
                .init("实践活动", "\(total.practices)"), .init("参加人次", "\(total.participants)"),
                .init(
                    "每季度都完成的支部", "\(allQuarters)（\(Self.percent(allQuarters, branches.count))）",
                    alert: allQuarters < branches.count),
                .init("一课一片一实践齐全（支部·月）", "\(monthsDone)/\(branches.count * months.count)"),
                .init("退回", "\(total.rejected)"), .init("限期整改", "\(total.rectified)"),
                .init("约谈", "\(called.count)"), .init("优秀微党课", "\(excellent.count)"),
            ] + participationFigures,
            sections: [
                orgSection, participation, roleSection(period, asOf: asOf, word: "本年"), dutySection, reasons,
                excellentSection, interviewSection,
            ])
    }

    /// Lectures scored in the period, still approved, whose average of the four criteria
    /// reaches the excellent mark, best first: each with [average, content, form, language,
    /// effect], every one the mean of the period's scores.
    /// The excellent lectures' ids, best first (the reckoning the bulletins use).
    public func excellentIds(in period: ReportPeriod, asOf: String) -> [Int64] {
        excellentLectures(in: period, asOf: asOf).map(\.0.id)
    }

    func excellentLectures(in period: ReportPeriod, asOf: String) -> [(ReportSnapshot.Lecture, [Double])] {
        var scored: [Int64: [RubricScores]] = [:]
        for s in county.snapshot.scores where period.contains(county.day(s.at)) && county.day(s.at) <= asOf {
            scored[s.lectureId, default: []].append(s.scores)
        }
        let byId = Dictionary(uniqueKeysWithValues: county.snapshot.lectures.map { ($0.id, $0) })
        return scored.compactMap { id, list -> (ReportSnapshot.Lecture, [Double])? in
            guard let l = byId[id], approved(l, on: asOf) else { return nil }
            let n = Double(list.count)
            let means = [list.map(\.content), list.map(\.form), list.map(\.language), list.map(\.effect)]
                .map { Double($0.reduce(0, +)) / n }
            let avg = means.reduce(0, +) / 4
            return avg >= settings.excellentMinimum ? (l, [avg] + means) : nil
        }.sorted { $0.1[0] != $1.1[0] ? $0.1[0] > $1.1[0] : $0.0.id < $1.0.id }
    }
}

/// One organisation's year, for the yearly report.
struct YearTally {
    var lectures = 0, activities = 0, films = 0, practices = 0, participants = 0, rejected = 0, rectified = 0
    static func + (a: YearTally, b: YearTally) -> YearTally {
        YearTally(
            lectures: a.lectures + b.lectures, activities: a.activities + b.activities, films: a.films + b.films,
            practices: a.practices + b.practices, participants: a.participants + b.participants,
            rejected: a.rejected + b.rejected, rectified: a.rectified + b.rectified)
    }
    var isEmpty: Bool { lectures + activities + rejected + rectified == 0 }
}
