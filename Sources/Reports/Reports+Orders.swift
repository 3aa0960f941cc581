import Catalog
import Foundation
import LecternCore

/// `lectern report orders`: the monthly menu's orders (点单) and the tours that deliver them
/// (巡讲): placed, delivered and pending per speaker and per township, and which branches a
/// tour has reached (「巡讲进支部全覆盖」).
extension Reports {
    public func orders(_ period: ReportPeriod, today: String, asOf chosen: String? = nil) -> ReportDocument {
        let asOf = chosen ?? min(period.lastDay, today)
        let all = county.snapshot.people.orders
        let placed = all.filter { period.contains($0.day) && $0.day <= asOf }
        func done(_ o: OrderView) -> Bool { o.deliveredOn.map { $0 <= asOf } ?? false }
        let delivered = placed.filter(done)
        let pending = placed.filter { !done($0) }
        let people = peopleById

        // Per speaker: each order counts for each of the lecture's speakers.
        var bySpeaker: [String: (name: String, unit: String, placed: Int, delivered: Int)] = [:]
        for o in placed {
            let keys: [(String, String, String)] =
                o.speakerIds.isEmpty
                ? [("name:\(o.speaker ?? "—")", o.speaker ?? "—", "未登记")]
                : o.speakerIds.map { id in
                    ("#\(id)", people[id]?.name ?? "#\(id)", people[id].map { county.name($0.organisationId) } ?? "—")
                }
            for (key, name, unit) in keys {
                var v = bySpeaker[key] ?? (name, unit, 0, 0)
                v.placed += 1
                if done(o) { v.delivered += 1 }
                bySpeaker[key] = v
            }
        }
        let speakerRows = bySpeaker.values.sorted { ($0.placed, $1.name) > ($1.placed, $0.name) }.map {
            [$0.name, $0.unit, "\($0.placed)", "\($0.delivered)", "\($0.placed - $0.delivered)"]
        }
        let speakerSection = Section(
            title: "各主讲人点单情况", empty: "\(period.label)没有点单。",
            columns: [
                Col("主讲人"), Col("单位"), Col("点单", numeric: true), Col("已送课", numeric: true), Col("待送课", numeric: true),
            ],
            rows: speakerRows)

        // Per township: orders, and the branches the tours reached.
        let townships = county.townships
        var reachedTotal = 0, branchTotal = 0
        let townRows: [[String]] = townships.map { t in
            let branches = county.branches.filter { county.lineage($0).contains(t) }
            let mine = placed.filter { county.lineage($0.organisationId).contains(t) }
            let reached = Set(mine.filter(done).map(\.organisationId)).intersection(branches)
            reachedTotal += reached.count
            branchTotal += branches.count
            return [
                county.name(t), "\(mine.count)", "\(mine.filter(done).count)", "\(mine.filter { !done($0) }.count)",
                "\(reached.count)/\(branches.count)", Self.percent(reached.count, branches.count),
            ]
        }
        let townSection = Section(
            title: "各乡镇（街道）点单与巡讲覆盖", empty: "还没有乡镇。",
            columns: [
                Col("乡镇（街道）"), Col("点单", numeric: true), Col("已送课", numeric: true), Col("待送课", numeric: true),
                Col("巡讲到的支部"), Col("覆盖率", numeric: true),
            ],
            rows: townRows, chart: .init(title: "巡讲覆盖率", labelColumn: 0, valueColumn: 5),
            note: "巡讲到的支部：本期至少送到一次课的支部。")
        let unreached = county.branches.filter { b in !delivered.contains { $0.organisationId == b } }
        let gapSection = Section(
            title: "巡讲尚未到的支部", empty: "每个支部都已送到课（巡讲进支部全覆盖）。",
            columns: [Col("支部"), Col("乡镇（街道）"), Col("待送课的点单", numeric: true)],
            rows: unreached.map { b in
                [county.name(b), townshipName(of: b), "\(pending.filter { $0.organisationId == b }.count)"]
            })
        let pendingSection = Section(
            title: "待送课的点单", empty: "没有待送课的点单。",
            columns: [Col("点单"), Col("支部"), Col("党课"), Col("主讲人"), Col("点单日期"), Col("已等（天）", numeric: true)],
            rows: pending.map { o in
                [
                    "#\(o.id)", county.name(o.organisationId), "#\(o.lectureId) \(o.lectureTitle)", o.speaker ?? "—",
                    o.day,
                    "\(LectureDay.days(from: o.day, to: asOf))",
                ]
            })
        return ReportDocument(
            kind: "orders", title: "微党课点单与巡讲情况", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本期"), issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("点单", "\(placed.count)"), .init("已送课", "\(delivered.count)"),
                .init("待送课", "\(pending.count)", alert: !pending.isEmpty),
                .init(
                    "巡讲覆盖支部", "\(reachedTotal)/\(branchTotal)（\(Self.percent(reachedTotal, branchTotal))）",
                    alert: reachedTotal < branchTotal),
            ],
            sections: [townSection, speakerSection, pendingSection, gapSection])
    }
}
