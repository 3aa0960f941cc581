import Foundation
import LecternCore
import SQLStore

/// Who a 主讲人 text names in the register. A name that fits one person is linked; a name two
/// people share is linked only when the organisation written beside it (or, said aloud, the
/// hosting organisation's own member) tells them apart; otherwise it is asked about, never
/// guessed. A name not in the register is kept as written.
public struct SpeakerResolution: Sendable, Equatable {
    /// The names as lists show them: 「王芳、李明」.
    public var display: String?
    /// The people linked, in the order written.
    public var personIds: [Int64] = []
    /// Said, and the item goes in: 「按本支部认定为 #12」, 「不在名册中」.
    public var notes: [String] = []
    /// A name that could not be linked (two people, or a unit that fits neither): the item
    /// goes in unlinked on ingest; an edit or an activity row is refused.
    public var problems: [String] = []
}

extension Catalog {
    /// Resolves `text` against the register as it is now.
    public func resolveSpeakers(_ text: String?, unit: String? = nil, host: String? = nil) throws -> SpeakerResolution {
        try store.read { s in try Self.resolveSpeakers(s, text, unit: unit, host: host) }
    }

    static func resolveSpeakers(_ s: any SQLSession, _ text: String?, unit: String?, host: String?) throws
        -> SpeakerResolution
    {
        let names = SpeakerName.parse(text ?? "")
        var shown = names.map(\.name)
        var r = SpeakerResolution(display: SpeakerName.display(shown.filter { !$0.isEmpty }))
        // A library that keeps no register is not told, file after file, that nobody is in it.
        guard !names.isEmpty, try s.scalar(Bool.self, "SELECT EXISTS (SELECT 1 FROM person)") == true else { return r }
        for (index, typed) in names.enumerated() {
            if let id = typed.id {
                guard let p = try s.record(PersonRecord.self, "SELECT * FROM person WHERE id = ?", id) else {
                    r.problems.append("名册中没有 #\(id)")
                    continue
                }
                if !typed.name.isEmpty, typed.name != p.name {
                    r.problems.append("名册中的 #\(id) 是「\(p.name)」，不是「\(typed.name)」")
                    continue
                }
                shown[index] = p.name  // 「#12」 is shown by the name it stands for, in its place
                if !r.personIds.contains(id) { r.personIds.append(id) }
                continue
            }
            var candidates = try s.records(
                PersonRecord.self, "SELECT * FROM person WHERE name = ? ORDER BY id", typed.name)
            if candidates.isEmpty {
                r.notes.append("主讲人「\(typed.name)」不在名册中，按姓名记下（可用 lectern person add 登记）")
                continue
            }
            if let written = typed.unit ?? (names.count == 1 ? unit : nil) {
                let orgs = try Self.organisations(s, named: written)
                if orgs.isEmpty {
                    r.problems.append("主讲人「\(typed.name)」的单位「\(written)」不是名册中的组织（可用 lectern org tree 查看）")
                    continue
                }
                let within = try Self.subtreeIds(s, ofAll: orgs.map(\.id))
                candidates = candidates.filter { within.contains($0.organisationId) }
                if candidates.isEmpty {
                    r.problems.append("名册中的「\(typed.name)」没有一位在「\(written)」")
                    continue
                }
            }
            if let only = candidates.onlyElement {
                if !r.personIds.contains(only.id ?? 0) { r.personIds.append(only.id ?? 0) }
                continue
            }
            if let host, let own = candidates.filter({ $0.organisationId == host }).onlyElement, let id = own.id {
                r.personIds.append(id)
                r.notes.append(
                    "名册中有 \(candidates.count) 位「\(typed.name)」，按本组织的党员认定为 #\(id)"
                        + "（如不对，写成「\(typed.name)#其他编号」更正）")
                continue
            }
            r.problems.append(
                "名册中有 \(candidates.count) 位「\(typed.name)」：\(try Self.describePeople(s, candidates))，"
                    + "没有关联；请写明单位，如「\(typed.name)（\(try Self.organisationName(s, candidates[0].organisationId))）」，"
                    + "或写编号「\(typed.name)#\(candidates[0].id ?? 0)」")
        }
        r.display = SpeakerName.display(shown.filter { !$0.isEmpty })
        return r
    }

    /// 「#12（龙王庙村党支部，普通党员）、#40（桃源村党支部，本土讲师）」.
    static func describePeople(_ s: any SQLSession, _ people: [PersonRecord]) throws -> String {
        try people.map { p in
            "#\(p.id ?? 0)（\(try organisationName(s, p.organisationId))，\(p.role)）"
        }.joined(separator: "、")
    }

    static func organisationName(_ s: any SQLSession, _ id: String) throws -> String {
        try s.scalar(String.self, "SELECT name FROM organisation WHERE id = ?", id) ?? id
    }

    static func subtreeIds(_ s: any SQLSession, ofAll ids: [String]) throws -> Set<String> {
        Set(Self.subtree(roots: ids, of: try s.records(OrganisationRecord.self, "SELECT * FROM organisation")))
    }

    /// Replaces an item's links (`table` lectureSpeaker or activitySpeaker).
    static func link(_ s: any SQLSession, speakers ids: [Int64], to itemId: Int64, table: SpeakerTable) throws {
        try s.execute("DELETE FROM \(table.rawValue) WHERE \(table.key) = ?", itemId)
        for (i, person) in ids.enumerated() {
            try s.execute(
                "INSERT INTO \(table.rawValue) (\(table.key), personId, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                itemId, person, i + 1)
        }
    }

    enum SpeakerTable: String {
        case lecture = "lectureSpeaker", activity = "activitySpeaker"
        var key: String { self == .lecture ? "lectureId" : "activityId" }
    }

    /// 「（#12、#40）」, or "" for none.
    static func idsLabel(_ ids: [Int64]) -> String {
        ids.isEmpty ? "" : "（" + ids.map { "#\($0)" }.joined(separator: "、") + "）"
    }

    /// The lectures a person spoke at, newest first.
    public func lectures(bySpeaker person: Int64) throws -> [LectureSummary] {
        try store.read { s in
            try s.records(
                LectureSummary.self,
                Self.summarySQL
                    + " WHERE l.id IN (SELECT lectureId FROM lectureSpeaker WHERE personId = ?) ORDER BY l.id DESC",
                person)
        }
    }

    /// The people linked to a lecture, in order.
    public func speakers(ofLecture id: Int64) throws -> [PersonView] {
        try store.read { s in try Self.speakers(s, ofLecture: id) }
    }

    static func speakers(_ s: any SQLSession, ofLecture id: Int64) throws -> [PersonView] {
        try Self.personViews(
            s, where: "p.id IN (SELECT personId FROM lectureSpeaker WHERE lectureId = ?)", [id],
            order: "(SELECT position FROM lectureSpeaker WHERE lectureId = \(id) AND personId = p.id)")
    }
}
