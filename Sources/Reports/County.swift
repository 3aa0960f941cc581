import Catalog
import Foundation
import LecternCore

/// The catalog as the reports see it: the organisation tree, each lecture's history replayed
/// from the audit log (its state and deadline on any day), and who answers for each branch.
struct County {
    let snapshot: ReportSnapshot
    let organisations: [String: OrganisationRecord]
    let children: [String: [String]]
    /// Tree order: each root, then its subtree, children sorted by id.
    let ordered: [(id: String, depth: Int)]
    let eventsByLecture: [Int64: [AuditEventRecord]]
    /// China's day of every timestamp the reports compare, computed once: a formatter per
    /// comparison cost 30 s on 20,000 lectures.
    let days: [Date: String]
    let lineages: [String: [String]]
    /// Lectures only (微党课): a film catalogued under a branch is not its lecture.
    let lecturesByOrganisation: [String: [ReportSnapshot.Lecture]]
    let activitiesByOrganisation: [String: [ActivityView]]
    /// Names more than one organisation has: shown with the parent's beside them.
    let sharedNames: Set<String>

    init(_ snapshot: ReportSnapshot) {
        self.snapshot = snapshot
        organisations = Dictionary(uniqueKeysWithValues: snapshot.organisations.map { ($0.id, $0) })
        var children: [String: [String]] = [:]
        for o in snapshot.organisations {
            if let p = o.parentId { children[p, default: []].append(o.id) }
        }
        for k in children.keys { children[k]?.sort() }
        self.children = children
        var ordered: [(String, Int)] = []
        func walk(_ id: String, _ depth: Int) {
            ordered.append((id, depth))
            for c in children[id] ?? [] { walk(c, depth + 1) }
        }
        for root in snapshot.organisations where root.parentId == nil && root.id != "unassigned" { walk(root.id, 0) }
        if organisations["unassigned"] != nil { walk("unassigned", 0) }
        self.ordered = ordered
        eventsByLecture = Dictionary(
            grouping: snapshot.events.filter { $0.lectureId != nil }, by: { $0.lectureId ?? 0 })
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = LectureDay.calendar.timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        var days: [Date: String] = [:]
        for date in snapshot.events.map(\.at) + snapshot.lectures.map(\.createdAt) + snapshot.scores.map(\.at)
        where days[date] == nil {
            days[date] = formatter.string(from: date)
        }
        self.days = days
        var lineages: [String: [String]] = [:]
        for o in snapshot.organisations {
            var out: [String] = [], current: String? = o.id, seen = Set<String>()
            while let c = current, seen.insert(c).inserted {
                out.append(c)
                current = organisations[c]?.parentId
            }
            lineages[o.id] = out
        }
        self.lineages = lineages
        lecturesByOrganisation = Dictionary(
            grouping: snapshot.lectures.filter { $0.kind == ItemKind.lectureCode }, by: \.organisationId)
        activitiesByOrganisation = Dictionary(grouping: snapshot.activities, by: \.organisationId)
        sharedNames = Set(Dictionary(grouping: snapshot.organisations, by: \.name).filter { $0.value.count > 1 }.keys)
    }

    /// A title as the reports list it: a film's marked 「【教育片】…」 (a film waits for approval in
    /// the same queue as the lectures).
    func title(_ l: ReportSnapshot.Lecture) -> String {
        l.kind == ItemKind.lectureCode ? l.title : "【\(snapshot.kinds.kind(code: l.kind).name)】\(l.title)"
    }

    /// The county that issues the reports: the tree's root (the first, when there are several).
    var issuer: String? {
        ordered.first { $0.depth == 0 && $0.id != "unassigned" }.flatMap { organisations[$0.id]?.name }
    }

    /// The day of `date` in China.
    func day(_ date: Date) -> String { days[date] ?? LectureDay.string(date) }

    /// An organisation's name, with its parent's beside it when another has the same name.
    func name(_ id: String) -> String {
        guard let o = organisations[id] else { return id == "unassigned" ? "未分配" : id }
        guard sharedNames.contains(o.name), let parent = o.parentId.flatMap({ organisations[$0]?.name }) else {
            return o.name
        }
        return "\(o.name)（\(parent)）"
    }

    /// `id` and its ancestors, nearest first.
    func lineage(_ id: String) -> [String] {
        if let known = lineages[id] { return known }
        var out: [String] = [], current: String? = id, seen = Set<String>()
        while let c = current, seen.insert(c).inserted {
            out.append(c)
            current = organisations[c]?.parentId
        }
        return out
    }

    /// The organisation's contact, or its nearest ancestor's.
    func contact(_ id: String) -> String {
        lineage(id).lazy.compactMap { self.organisations[$0]?.contact }.first ?? "—"
    }

    func parentName(_ id: String) -> String { organisations[id]?.parentId.map(name) ?? "—" }

    /// Branches: organisations of kind branch, or leaves without a kind; the ones that owe a
    /// lecture every quarter.
    var branches: [String] {
        ordered.map(\.id).filter { id in
            guard id != "unassigned", let o = organisations[id] else { return false }
            if let kind = o.kind?.lowercased() { return kind == "branch" || kind == "支部" }
            return (children[id] ?? []).isEmpty && o.parentId != nil
        }
    }

    /// Townships and streets: of that kind, or (without a kind) parents of branches below a root.
    var townships: [String] {
        let branchParents = Set(branches.compactMap { organisations[$0]?.parentId })
        return ordered.map(\.id).filter { id in
            guard let o = organisations[id] else { return false }
            if let kind = o.kind?.lowercased() {
                return ["township", "street", "town", "乡镇", "街道"].contains(kind)
            }
            return branchParents.contains(id) && o.parentId != nil
        }
    }

    func lectures(under id: String) -> [ReportSnapshot.Lecture] {
        var out: [ReportSnapshot.Lecture] = []
        var stack = [id]
        while let next = stack.popLast() {
            out += lecturesByOrganisation[next] ?? []
            stack += children[next] ?? []
        }
        return out
    }

    // MARK: - A lecture's history

    func events(_ lecture: Int64) -> [AuditEventRecord] { eventsByLecture[lecture] ?? [] }

    /// The lecture's state at the end of `day`, replayed from its audit events.
    func state(_ lecture: ReportSnapshot.Lecture, on day: String) -> ReviewStatus? {
        let last = events(lecture.id).last { self.day($0.at) <= day && $0.toState != nil }
        return last.flatMap { $0.toState.flatMap(ReviewStatus.init(rawValue:)) }
    }

    /// The rectification deadline in force at the end of `day`.
    func deadline(_ lecture: ReportSnapshot.Lecture, on day: String) -> String? {
        guard let rectify = events(lecture.id).last(where: { self.day($0.at) <= day && $0.action == "rectify" })
        else { return nil }
        return rectify.id.flatMap { snapshot.rectificationDeadlines[$0] } ?? lecture.deadline
    }

    /// Past its deadline without a resubmission at the end of `day` (whether or not anyone
    /// has run the queue to mark it).
    func isOverdue(_ lecture: ReportSnapshot.Lecture, on day: String) -> Bool {
        switch state(lecture, on: day) {
        case .overdue: return true
        case .rectifying: return (deadline(lecture, on: day) ?? "9999") < day
        default: return false
        }
    }

    /// The day the lecture was held: its recorded date, else the day it was uploaded.
    func heldOn(_ lecture: ReportSnapshot.Lecture) -> String {
        if let r = lecture.recordedOn, LectureDay.valid(r) { return r }
        return day(lecture.createdAt)
    }

    func uploadedOn(_ lecture: ReportSnapshot.Lecture) -> String { day(lecture.createdAt) }

    /// The day the version under review was submitted, as of `day`: the upload, or the latest
    /// resubmission. Waiting is counted from it, in every report alike.
    func submittedOn(_ lecture: ReportSnapshot.Lecture, asOf day: String) -> String {
        let last = events(lecture.id).last {
            ($0.action == "ingest" || $0.action == ReviewAction.resubmit.rawValue) && self.day($0.at) <= day
        }
        return last.map { self.day($0.at) } ?? uploadedOn(lecture)
    }

    /// The day of the first approval after `day` (yyyy-MM-dd), if there is one.
    func approvedOn(_ lecture: ReportSnapshot.Lecture, after day: String) -> String? {
        events(lecture.id).first { $0.action == "approve" && self.day($0.at) > day }.map { self.day($0.at) }
    }

    /// Review decisions (approve, reject, rectify) with the days since the version they judged
    /// was uploaded.
    func decisions(_ lecture: ReportSnapshot.Lecture) -> [(event: AuditEventRecord, waitedDays: Double)] {
        var uploaded = lecture.createdAt
        var out: [(AuditEventRecord, Double)] = []
        for e in events(lecture.id) {
            if e.action == "ingest" || e.action == ReviewAction.resubmit.rawValue { uploaded = e.at }
            if ["approve", "reject", "rectify"].contains(e.action) {
                out.append((e, max(0, e.at.timeIntervalSince(uploaded) / 86_400)))
            }
        }
        return out
    }
}
