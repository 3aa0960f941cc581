import Catalog
import Foundation
import LecternCore

/// 一月一课一片一实践: each month every branch holds a lecture, watches a film of the month's
/// list and does a practice (the themed party day).
extension Reports {
    struct MonthDuty {
        var lecture = false, film = false, practice = false
        var complete: Bool { lecture && film && practice }
        /// 「一课、一片」: what is missing.
        var missing: String {
            [(lecture, "一课"), (film, "一片"), (practice, "一实践")].filter { !$0.0 }.map(\.1).joined(separator: "、")
        }
    }

    /// The activities of each organisation, held by `asOf`.
    func activities(of branch: String, in period: ReportPeriod, asOf: String) -> [ActivityView] {
        (county.activitiesByOrganisation[branch] ?? []).filter { period.contains($0.day) && $0.day <= asOf }
    }

    /// A branch's month: 一课 is an approved lecture held in the month or an activity that gave
    /// one; 一片 a film of the month's list watched at an activity; 一实践 a practice recorded.
    func monthDuty(_ branch: String, _ month: ReportPeriod, asOf: String) -> MonthDuty {
        var d = MonthDuty()
        let held = activities(of: branch, in: month, asOf: asOf)
        d.lecture =
            held.contains { $0.lectureId != nil || !($0.lectureTitle ?? "").isEmpty }
            || (county.lecturesByOrganisation[branch] ?? []).contains {
                month.contains(county.heldOn($0)) && county.uploadedOn($0) <= asOf && approved($0, on: asOf)
            }
        d.film = held.contains { $0.filmListed }
        d.practice = held.contains { !($0.practice ?? "").isEmpty }
        return d
    }

    /// Townships (and 县直单位) with their branches, as the rankings group them.
    var townshipGroups: [(id: String?, name: String, branches: [String])] {
        let townships = county.townships, branches = county.branches
        let direct = branches.filter { b in !county.lineage(b).contains { townships.contains($0) } }
        var groups: [(String?, String, [String])] = townships.map { t in
            (t, county.name(t), branches.filter { county.lineage($0).contains(t) })
        }
        if !direct.isEmpty { groups.append((nil, "县直单位", direct)) }
        return groups.filter { !$0.2.isEmpty }
    }

    func townshipName(of branch: String) -> String {
        county.lineage(branch).first { county.townships.contains($0) }.map(county.name) ?? "县直单位"
    }

    /// The monthly summary's duty sections: the share complete per township, and the branches
    /// missing any of the three with whom to call.
    func monthDutySections(_ month: ReportPeriod, asOf: String) -> (figure: ReportDocument.Figure, sections: [Section])
    {
        let branches = county.branches
        let duty = Dictionary(uniqueKeysWithValues: branches.map { ($0, monthDuty($0, month, asOf: asOf)) })
        let complete = branches.filter { duty[$0]?.complete == true }
        let rows = townshipGroups.map { g -> [String] in
            let done = g.branches.filter { duty[$0]?.complete == true }.count
            func lacking(_ f: (MonthDuty) -> Bool) -> String {
                "\(g.branches.filter { !f(duty[$0] ?? MonthDuty()) }.count)"
            }
            return [
                g.name, "\(g.branches.count)", "\(done)", Self.percent(done, g.branches.count), lacking(\.lecture),
                lacking(\.film), lacking(\.practice),
            ]
        }
        let byTownship = Section(
            title: "一月一课一片一实践完成情况（各乡镇）", empty: "没有支部。",
            columns: [
                Col("乡镇（街道）"), Col("支部数", numeric: true), Col("三项齐全", numeric: true), Col("完成率", numeric: true),
                Col("缺一课", numeric: true), Col("缺一片", numeric: true), Col("缺一实践", numeric: true),
            ],
            rows: rows, chart: .init(title: "完成率", labelColumn: 0, valueColumn: 3),
            note: "一课：本月举办并已通过的微党课，或主题党日记录中讲了党课；一片：主题党日观看了本月教育片清单上的影片；"
                + "一实践：主题党日记录了实践活动。")
        let missing = branches.filter { duty[$0]?.complete != true }
        let missingSection = Section(
            title: "本月缺项的支部", empty: "每个支部本月都完成了一课一片一实践。",
            columns: [Col("支部"), Col("乡镇（街道）"), Col("缺"), Col("联系人")],
            rows: missing.map { b in [county.name(b), townshipName(of: b), duty[b]?.missing ?? "", county.contact(b)] })
        return (
            .init(
                "一课一片一实践齐全", "\(complete.count)/\(branches.count)（\(Self.percent(complete.count, branches.count))）",
                alert: complete.count < branches.count),
            [byTownship, missingSection]
        )
    }

    /// Call-ins recorded for a lecture by `day`, newest last.
    func interviews(_ lectureId: Int64, by day: String) -> [InterviewRecord] {
        county.snapshot.interviews.filter { $0.lectureId == lectureId && $0.day <= day }
    }
}
