import Catalog
import Foundation
import LecternCore

/// The organisation department's rhythm: a reminder every week, a summary every month, a
/// bulletin every quarter (每周一提醒、每月一汇总、每季度一通报).
public struct Reports {
    let county: County
    /// The whole catalog: a past day is replayed on it before it is scoped, so that a lecture
    /// moved into or out of the township since then counts where it was.
    let full: ReportSnapshot
    /// The organisation whose subtree the reports are of (`--org`); nil: the whole tree.
    let scope: String?
    let settings: ReportSettings
    let generatedAt: Date
    /// Already the catalog as of the report's day (edits after it undone).
    var replaying = false

    public init(_ snapshot: ReportSnapshot, settings: ReportSettings, generatedAt: Date, scope: String? = nil) {
        full = snapshot
        self.scope = scope
        county = County(scope.map { snapshot.scoped(to: $0) } ?? snapshot)
        self.settings = settings
        self.generatedAt = generatedAt
    }

    /// The reports of the catalog as it stood at the end of `day`: later edits undone (a
    /// recorded date moved, a tag added or an organisation changed after a bulletin was issued
    /// does not change it).
    func needsReplay(after day: String) -> Bool {
        !replaying
            && (full.edits.contains { LectureDay.string($0.at) > day }
                || full.formerNames.contains { LectureDay.string($0.until) > day })
    }

    func asOf(_ day: String) -> Reports {
        var past = Reports(full.asOf(day), settings: settings, generatedAt: generatedAt, scope: scope)
        past.replaying = true
        return past
    }

    typealias Col = ReportDocument.Column
    typealias Section = ReportDocument.Section

    static func oneDecimal(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "—" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }

    // MARK: - Weekly

    /// `lectern report weekly`: what needs doing this week, as of the end of `today`.
    public func weekly(today: String) -> ReportDocument {
        if needsReplay(after: today) {
            return asOf(today).weekly(today: today)
        }
        let period = ReportPeriod.week(of: today)
        let quarter = ReportPeriod.quarter(containing: today)
        let lectures = county.snapshot.lectures

        let pending = lectures.filter { county.state($0, on: today) == .pending }
        let waiting = pending.map { ($0, LectureDay.days(from: county.submittedOn($0, asOf: today), to: today)) }
            .filter { $0.1 > settings.pendingDays }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }
        let dueSoon = lectures.compactMap { l -> (ReportSnapshot.Lecture, String, Int)? in
            guard county.state(l, on: today) == .rectifying, let d = county.deadline(l, on: today) else { return nil }
            let left = LectureDay.days(from: today, to: d)
            return (0...settings.dueWithinDays).contains(left) ? (l, d, left) : nil
        }.sorted { $0.2 != $1.2 ? $0.2 < $1.2 : $0.0.id < $1.0.id }
        let overdue = overdueRows(on: today)
        let quiet = county.branches.filter { b in
            !county.lectures(under: b).contains {
                quarter.contains(county.uploadedOn($0)) && county.uploadedOn($0) <= today
            }
        }

        var sections: [Section] = []
        sections.append(
            Section(
                title: "待审核超过 \(settings.pendingDays) 天的节目", empty: "没有待审核超过 \(settings.pendingDays) 天的节目。",
                columns: [Col("编号"), Col("标题"), Col("组织"), Col("提交日期"), Col("已等（天）", numeric: true)],
                rows: waiting.map { l, days in
                    [
                        "#\(l.id)", county.title(l), county.name(l.organisationId), county.submittedOn(l, asOf: today),
                        "\(days)",
                    ]
                },
                note: "已等天数从上传或重新提交之日算起（与月度汇总的平均审核天数一致）。"))
        sections.append(
            Section(
                title: "\(settings.dueWithinDays) 天内到期的整改", empty: "\(settings.dueWithinDays) 天内没有到期的整改。",
                columns: [Col("编号"), Col("标题"), Col("组织"), Col("整改期限"), Col("剩余（天）", numeric: true), Col("联系人")],
                rows: dueSoon.map { l, d, left in
                    [
                        "#\(l.id)", l.title, county.name(l.organisationId), d, "\(left)",
                        county.contact(l.organisationId),
                    ]
                }))
        sections.append(overdueSection(overdue, title: "逾期未整改（需约谈）", on: today))
        let unassigned = lectures.filter { $0.organisationId == "unassigned" && county.uploadedOn($0) <= today }
        sections.append(
            Section(
                title: "未分配组织的节目", empty: "没有未分配组织的节目。",
                columns: [Col("编号"), Col("标题"), Col("上传日期"), Col("上传时写的组织")],
                rows: unassigned.map { l in
                    ["#\(l.id)", county.title(l), county.uploadedOn(l), l.claimedOrganisation ?? "—"]
                },
                note: "上传时写的组织不在组织树中。导入该组织后运行 lectern org relink 即可归属，或用 lectern edit 逐个指定。"))
        sections.append(
            Section(
                title: "\(quarter.label)尚无节目的支部", empty: "每个支部本季度都已上传节目。",
                columns: [Col("支部"), Col("上级"), Col("联系人")],
                rows: quiet.map { [county.name($0), county.parentName($0), county.contact($0)] },
                note: "每个支部每季度至少开展一次微党课。"))

        return ReportDocument(
            kind: "weekly", title: "微党课每周提醒", period: period.label, asOf: today, issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("待审核", "\(pending.count)"),
                .init("超过 \(settings.pendingDays) 天未审", "\(waiting.count)", alert: !waiting.isEmpty),
                .init("\(settings.dueWithinDays) 天内到期整改", "\(dueSoon.count)"),
                .init("逾期未整改", "\(overdue.count)", alert: !overdue.isEmpty),
                .init("未分配组织", "\(unassigned.count)", alert: !unassigned.isEmpty),
                .init("本季度尚无节目的支部", "\(quiet.count)/\(county.branches.count)", alert: !quiet.isEmpty),
            ],
            sections: sections)
    }

    func overdueRows(on day: String) -> [(ReportSnapshot.Lecture, String, Int)] {
        county.snapshot.lectures.compactMap { l -> (ReportSnapshot.Lecture, String, Int)? in
            guard county.isOverdue(l, on: day) else { return nil }
            let d = county.deadline(l, on: day) ?? l.deadline ?? day
            return (l, d, LectureDay.days(from: d, to: day))
        }.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0.id < $1.0.id }
    }

    /// The lectures past their deadline, with whom to call and whether they have been called in
    /// (约谈) since the deadline passed.
    func overdueSection(_ rows: [(ReportSnapshot.Lecture, String, Int)], title: String, on day: String) -> Section {
        let called = rows.filter { l, d, _ in interviews(l.id, by: day).contains { $0.day > d } }.count
        return Section(
            title: title, empty: "没有逾期未整改的节目。",
            columns: [
                Col("编号"), Col("标题"), Col("责任支部"), Col("上级"), Col("整改期限"), Col("逾期（天）", numeric: true),
                Col("联系人"), Col("约谈"),
            ],
            rows: rows.map { l, d, late in
                let last = interviews(l.id, by: day).last { $0.day > d }
                return [
                    "#\(l.id)", l.title, county.name(l.organisationId), county.parentName(l.organisationId), d,
                    "\(late)",
                    county.contact(l.organisationId), last.map { "已约谈 \($0.day) \($0.person)" } ?? "待约谈",
                ]
            },
            note: rows.isEmpty ? nil : "已约谈 \(called) 个，待约谈 \(rows.count - called) 个（lectern review interview 编号 记录约谈）。"
        )
    }

    // MARK: - Monthly

    struct Tally {
        var submitted = 0, approved = 0, rejected = 0, rectified = 0, overdue = 0
        var approvedSeconds = 0.0
        var waits: [Double] = []
        var isEmpty: Bool { submitted + approved + rejected + rectified + overdue == 0 }
        static func + (a: Tally, b: Tally) -> Tally {
            Tally(
                submitted: a.submitted + b.submitted, approved: a.approved + b.approved,
                rejected: a.rejected + b.rejected,
                rectified: a.rectified + b.rectified, overdue: a.overdue + b.overdue,
                approvedSeconds: a.approvedSeconds + b.approvedSeconds, waits: a.waits + b.waits)
        }
    }

    /// `lectern report monthly`: per organisation, rolled up the tree, what happened in the month.
    public func monthly(_ period: ReportPeriod, today: String, asOf chosen: String? = nil) -> ReportDocument {
        let asOf = chosen ?? min(period.lastDay, today)
        if needsReplay(after: asOf) {
            return self.asOf(asOf).monthly(period, today: today, asOf: asOf)
        }
        if let empty = noData(period, asOf: asOf, kind: "monthly", title: "微党课月度汇总") { return empty }
        var own: [String: Tally] = [:]
        for l in county.snapshot.lectures where county.uploadedOn(l) <= asOf && l.kind == ItemKind.lectureCode {
            var t = Tally()
            if period.contains(county.uploadedOn(l)) { t.submitted = 1 }
            for (e, waited) in county.decisions(l) where period.contains(county.day(e.at)) && county.day(e.at) <= asOf {
                switch e.action {
                case "approve":
                    t.approved += 1
                    t.approvedSeconds += l.durationSeconds ?? 0
                case "reject": t.rejected += 1
                default: t.rectified += 1
                }
                t.waits.append(waited)
            }
            if county.isOverdue(l, on: asOf) { t.overdue = 1 }
            own[l.organisationId, default: Tally()] = own[l.organisationId, default: Tally()] + t
        }
        // Roll up: each organisation's tally is its own plus its subtree's.
        var rolled: [String: Tally] = [:]
        for (id, _) in county.ordered.reversed() {
            rolled[id] = (county.children[id] ?? []).reduce(own[id] ?? Tally()) { $0 + (rolled[$1] ?? Tally()) }
        }
        let roots = county.ordered.filter { $0.depth == 0 }.map(\.id)
        let total = roots.reduce(Tally()) { $0 + (rolled[$1] ?? Tally()) }
        func average(_ waits: [Double]) -> String {
            waits.isEmpty ? "—" : Self.oneDecimal(waits.reduce(0, +) / Double(waits.count))
        }

        // Counties and townships always; branches when something happened.
        let shown = county.ordered.filter { $0.depth <= 1 || !(rolled[$0.id] ?? Tally()).isEmpty }
            .filter { $0.id != "unassigned" || !(rolled[$0.id] ?? Tally()).isEmpty }
        let orgSection = Section(
            title: "各组织情况（含下级）", empty: "还没有组织。",
            columns: [
                Col("组织"), Col("提交", numeric: true), Col("通过", numeric: true), Col("退回", numeric: true),
                Col("限期整改", numeric: true), Col("逾期", numeric: true), Col("通过时长（分钟）", numeric: true),
                Col("平均审核天数", numeric: true),
            ],
            rows: shown.map { id, _ in
                let t = rolled[id] ?? Tally()
                return [
                    county.name(id), "\(t.submitted)", "\(t.approved)", "\(t.rejected)", "\(t.rectified)",
                    "\(t.overdue)", Self.oneDecimal(t.approvedSeconds / 60), average(t.waits),
                ]
            },
            depth: shown.map(\.depth),
            note: "提交按上传日期计；通过、退回、限期整改按本月作出的审核决定计；逾期为月末（或今天）仍逾期未整改的节目；"
                + "平均审核天数为从上传（或重新提交）到审核决定的天数。")

        let duty = monthDutySections(period, asOf: asOf)
        let townships = county.townships
        let townshipChart = Section(
            title: "各乡镇（街道）本月提交与通过", empty: "没有乡镇（街道）。",
            columns: [Col("乡镇（街道）"), Col("提交", numeric: true), Col("通过", numeric: true)],
            rows: townships.map { id in
                let t = rolled[id] ?? Tally()
                return [county.name(id), "\(t.submitted)", "\(t.approved)"]
            },
            chart: .init(title: "本月提交与通过", labelColumn: 0, valueColumn: 1, secondColumn: 2))

        let newLectures = county.snapshot.lectures.filter {
            period.contains(county.uploadedOn($0)) && county.uploadedOn($0) <= asOf && $0.kind == ItemKind.lectureCode
        }
        var topicCounts: [String: Int] = [:]
        for l in newLectures {
            // By theme: 乡村振兴 and 鄉村振興专题 are one group; an unmatched topic as written.
            let topic: String =
                county.snapshot.theme(of: l) ?? ((l.topic ?? "").isEmpty ? "未填主题" : (l.topic ?? "") + "（未归入专题）")
            topicCounts[topic, default: 0] += 1
        }
        let byTopic: [(String, Int)] = topicCounts.map { ($0.key, $0.value) }
            .sorted { (a: (String, Int), b: (String, Int)) -> Bool in a.1 != b.1 ? a.1 > b.1 : a.0 < b.0 }
        let topics = Section(
            title: "本月新节目（按专题）", empty: "本月没有新节目。",
            columns: [Col("专题"), Col("数量", numeric: true)],
            rows: byTopic.map { [$0.0, "\($0.1)"] },
            chart: .init(title: "按主题", labelColumn: 0, valueColumn: 1))

        return ReportDocument(
            kind: "monthly", title: "微党课月度汇总", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本月"), issuer: county.issuer,
            generatedAt: generatedAt,
            figures: [
                .init("提交", "\(total.submitted)"), .init("通过", "\(total.approved)"),
                .init("退回", "\(total.rejected)"), .init("限期整改", "\(total.rectified)"),
                .init("逾期", "\(total.overdue)", alert: total.overdue > 0),
                .init("通过时长", Self.oneDecimal(total.approvedSeconds / 60) + " 分钟"),
                .init("平均审核天数", average(total.waits)),
                duty.figure,
            ],
            sections: duty.sections + [orgSection, townshipChart, topics, roleSection(period, asOf: asOf, word: "本月")])
    }

    // MARK: - Quarterly

    /// A lecture counts for the quarterly duty when it was held in the quarter and is approved
    /// on `asOf` (a lecture held on 28 September and approved on 3 October counts for Q3).
    func approved(_ l: ReportSnapshot.Lecture, on day: String) -> Bool { county.state(l, on: day) == .approved }

    func isSpecial(_ l: ReportSnapshot.Lecture) -> Bool {
        let text = ([l.title, l.topic ?? ""] + l.tags).joined(separator: " ")
        let held = county.heldOn(l)
        let monthDay = held.dropFirst(5)
        return settings.specialKeywords.contains { text.contains($0) } && monthDay >= "06-01" && monthDay <= "07-31"
    }

    /// `lectern report quarterly`: the bulletin.
    public func quarterly(_ period: ReportPeriod, today: String, asOf chosen: String? = nil) -> ReportDocument {
        let asOf = chosen ?? min(period.lastDay, today)
        if needsReplay(after: asOf) {
            return self.asOf(asOf).quarterly(period, today: today, asOf: asOf)
        }
        if let empty = noData(period, asOf: asOf, kind: "quarterly", title: "微党课季度通报") { return empty }
        let isQ3 = period.firstDay.dropFirst(5).hasPrefix("07")
        let branches = county.branches
        struct Duty {
            var held = 0, approved = 0, special = false
            /// The states of its lectures held in the period that are not approved, as of the day.
            var states: Set<ReviewStatus> = []
        }
        var duty: [String: Duty] = [:]
        // Held in the period, approved only after the day the figures count to: listed apart,
        // so that the centre sees them and the bulletin does not change.
        var late: [(ReportSnapshot.Lecture, String)] = []
        for b in branches {
            var d = Duty()
            for l in county.lectures(under: b) {
                let held = county.heldOn(l)
                if period.contains(held), !approved(l, on: asOf), approved(l, on: today),
                    let day = county.approvedOn(l, after: asOf)
                {
                    late.append((l, day))
                }
                // Nothing enters a report before it entered the catalog.
                guard county.uploadedOn(l) <= asOf else { continue }
                // The special lecture around 1 July may be held in late June: judged on its own window.
                if isQ3, held.hasPrefix(period.firstDay.prefix(4)), isSpecial(l), approved(l, on: asOf) {
                    d.special = true
                }
                guard period.contains(held) else { continue }
                d.held += 1
                if approved(l, on: asOf) {
                    d.approved += 1
                } else if let state = county.state(l, on: asOf) {
                    d.states.insert(state)
                }
            }
            duty[b] = d
        }
        let met = branches.filter { (duty[$0]?.approved ?? 0) > 0 }
        var columns = [Col("支部"), Col("上级"), Col("本季度节目", numeric: true), Col("已通过", numeric: true), Col("季度任务")]
        if isQ3 { columns.append(Col("七一专题党课")) }
        let dutySection = Section(
            title: "各支部季度任务完成情况", empty: "还没有支部。", columns: columns,
            rows: branches.map { b in
                let d = duty[b] ?? Duty()
                var row = [
                    county.name(b), county.parentName(b), "\(d.held)", "\(d.approved)",
                    d.approved > 0 ? "已完成" : Self.unmet(d.states),
                ]
                if isQ3 { row.append(d.special ? "已开展" : "未开展") }
                return row
            },
            note: "季度任务：每个支部每季度至少有一次经审核通过的微党课（按举办日期计）。"
                + (isQ3 ? "七一专题党课：6–7 月举办、标题主题或标签含“\(settings.specialKeywords.joined(separator: "”“"))”且已通过。" : ""))

        // Townships, and the county's own branches (县直: no township above them) as one more row.
        let townships = county.townships
        let direct = branches.filter { b in !county.lineage(b).contains { townships.contains($0) } }
        var groups: [(name: String, branches: [String])] = townships.map { t in
            (county.name(t), branches.filter { county.lineage($0).contains(t) })
        }
        if !direct.isEmpty { groups.append(("县直单位", direct)) }
        let ranking = groups.map { g in
            (
                g.name, g.branches.count, g.branches.filter { (duty[$0]?.approved ?? 0) > 0 }.count,
                g.branches.filter { duty[$0]?.special == true }.count
            )
        }.filter { $0.1 > 0 }
            .sorted { a, b in
                let ra = Double(a.2) / Double(a.1), rb = Double(b.2) / Double(b.1)
                return ra != rb ? ra > rb : (a.2 != b.2 ? a.2 > b.2 : a.0 < b.0)
            }
        var rank = 0, previous: Double? = nil
        let rankingRows: [[String]] = ranking.enumerated().map { i, r in
            let ratio = Double(r.2) / Double(r.1)
            if ratio != previous { rank = i + 1; previous = ratio }
            return ["\(rank)", r.0, "\(r.1)", "\(r.2)", Self.percent(r.2, r.1)] + (isQ3 ? ["\(r.3)"] : [])
        }
        var rankingColumns = [
            Col("名次", numeric: true), Col("乡镇（街道）"), Col("支部数", numeric: true), Col("完成", numeric: true),
            Col("完成率", numeric: true),
        ]
        if isQ3 { rankingColumns.append(Col("七一专题党课", numeric: true)) }
        let rankingSection = Section(
            title: "乡镇（街道）完成率排名", empty: "没有乡镇（街道）。", columns: rankingColumns,
            rows: rankingRows, chart: .init(title: "完成率", labelColumn: 1, valueColumn: 4),
            note: direct.isEmpty ? nil : "县直单位：不属于任何乡镇（街道）的支部，合为一行。")

        // The branches that missed their duty first, with whom to call.
        let missed = branches.filter { (duty[$0]?.approved ?? 0) == 0 }
        let missedSection = Section(
            title: "未完成季度任务的支部", empty: "每个支部都完成了本季度任务。",
            columns: [Col("支部"), Col("乡镇（街道）"), Col("情况"), Col("联系人")],
            rows: missed.map { b in
                let township = county.lineage(b).first { townships.contains($0) }.map(county.name) ?? "县直单位"
                return [county.name(b), township, Self.unmet(duty[b]?.states ?? []), county.contact(b)]
            })

        let overdue = overdueRows(on: asOf)
        let callIn = overdueSection(overdue, title: "逾期未整改（约谈名单）", on: asOf)

        var reasonCounts: [String: [String: Int]] = [:]
        for e in county.snapshot.events
        where period.contains(county.day(e.at)) && county.day(e.at) <= asOf
            && ["reject", "rectify", "revoke"].contains(e.action)
        {
            for code in e.reasons.split(separator: ",") {
                reasonCounts[String(code), default: [:]][e.action, default: 0] += 1
            }
        }
        // Most frequent first; equal counts in the order of the reason codes.
        let reasonRows = ReasonCode.allCases.enumerated().compactMap { i, code -> (Int, Int, [String])? in
            guard let c = reasonCounts[code.rawValue] else { return nil }
            let sum = (c["reject"] ?? 0) + (c["rectify"] ?? 0) + (c["revoke"] ?? 0)
            return (
                sum, i, [code.chinese, "\(c["reject"] ?? 0)", "\(c["rectify"] ?? 0)", "\(c["revoke"] ?? 0)", "\(sum)"]
            )
        }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2)
        let reasons = Section(
            title: "退回与整改原因", empty: "本季度没有退回、整改或撤销。",
            columns: [
                Col("原因"), Col("退回", numeric: true), Col("限期整改", numeric: true), Col("撤销通过", numeric: true),
                Col("合计", numeric: true),
            ],
            rows: reasonRows, chart: .init(title: "合计", labelColumn: 0, valueColumn: 4))

        // Excellent lectures: scored in the quarter, still approved, average of the four criteria.
        let excellent = excellentLectures(in: period, asOf: asOf)
        let excellentSection = Section(
            title: "本季度优秀微党课", empty: "本季度没有评分达到 \(Self.oneDecimal(settings.excellentMinimum)) 分的节目。",
            columns: [
                Col("编号"), Col("标题"), Col("主讲人"), Col("组织"), Col("平均分", numeric: true), Col("内容", numeric: true),
                Col("形式", numeric: true), Col("语言", numeric: true), Col("效果", numeric: true),
            ],
            rows: excellent.map { l, s in
                ["#\(l.id)", l.title, l.speaker ?? "—", county.name(l.organisationId)] + s.map(Self.oneDecimal)
            },
            posters: excellent.map { $0.0.posterPath },
            note: "按内容、形式、语言、效果四项评分的平均分，不低于 \(Self.oneDecimal(settings.excellentMinimum)) 分，汇编推广。")

        var figures: [ReportDocument.Figure] = [
            .init("支部", "\(branches.count)"),
            .init(
                "完成季度任务", "\(met.count)（\(Self.percent(met.count, branches.count))）",
                alert: met.count < branches.count),
        ]
        if isQ3 {
            let special = branches.filter { duty[$0]?.special == true }.count
            figures.append(.init("开展七一专题党课", "\(special)（\(Self.percent(special, branches.count))）"))
        }
        figures.append(.init("逾期约谈", "\(overdue.count)", alert: !overdue.isEmpty))
        figures.append(.init("优秀微党课", "\(excellent.count)"))
        var sections = [
            missedSection, rankingSection, callIn, reasons, excellentSection,
            roleSection(period, asOf: asOf, word: "本季度"),
            dutySection,
        ]
        if !late.isEmpty {
            late.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0.id < $1.0.id }
            sections.append(
                Section(
                    title: "数据截至日后通过的节目（不计入本期）", empty: "",
                    columns: [Col("编号"), Col("标题"), Col("支部"), Col("举办日期"), Col("通过日期")],
                    rows: late.map { l, day in
                        ["#\(l.id)", l.title, county.name(l.organisationId), county.heldOn(l), day]
                    },
                    note: "这些节目在本期举办，但在 \(asOf) 之后才审核通过，本期通报不计入，以免已发出的通报数字变化。"))
        }
        return ReportDocument(
            kind: "quarterly", title: "微党课季度通报", period: period.label, asOf: asOf,
            status: unfinished(period, asOf: asOf, today: today, word: "本季度"), issuer: county.issuer,
            generatedAt: generatedAt,
            // The bulletin's findings first; the per-branch detail last, as its appendix.
            figures: figures, sections: sections)
    }

    // MARK: - As of a day

    /// 「未完成」 and what its lectures are as of the day: 待审核, 整改中, 已退回, 未通过检查.
    static func unmet(_ states: Set<ReviewStatus>) -> String {
        let order: [ReviewStatus] = [.pending, .rectifying, .overdue, .rejected, .autoRejected, .revoked, .received]
        let shown = order.filter { states.contains($0) }.map(\.chinese)
        return shown.isEmpty ? "未完成" : "未完成（\(shown.joined(separator: "、"))）"
    }

    /// Said when the figures stop before the period's end: the period is not over yet, or a
    /// day inside it was asked for.
    func unfinished(_ period: ReportPeriod, asOf: String, today: String, word: String) -> String? {
        if today < period.lastDay && asOf >= today { return "\(word)尚未结束，数据截至 \(asOf)" }
        if asOf < period.lastDay { return "数据截至 \(asOf)，不是\(word)的全部" }
        return nil
    }

    /// A period the catalog holds nothing for (it ends before the first upload): said, instead
    /// of a bulletin of 未完成 with every township tied first at 0%.
    func noData(_ period: ReportPeriod, asOf: String, kind: String, title: String) -> ReportDocument? {
        let first = county.snapshot.lectures.map { county.uploadedOn($0) }.min()
        guard first.map({ $0 > min(period.lastDay, asOf) }) ?? true else { return nil }
        return ReportDocument(
            kind: kind, title: title, period: period.label, asOf: asOf,
            status: "该期间没有数据（资料库中最早的节目上传于 \(first ?? "—")）", issuer: county.issuer, generatedAt: generatedAt,
            figures: [],
            sections: [])
    }
}
