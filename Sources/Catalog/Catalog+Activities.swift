import Foundation
import GRDB
import LecternCore
import SQLStore

/// What `recordActivities` did with each row.
public struct ActivityImport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case added(Int64)
        /// The same branch, day and time was already recorded (an import run twice).
        case existing(Int64)
        case refused([ActivityCheck.Problem])
        /// Good, but not written because other rows were refused (all or nothing).
        case held
    }
    public var outcomes: [Outcome]
    public var notes: [[ActivityCheck.Problem]]
    public var added: [Int64] { outcomes.compactMap { if case .added(let id) = $0 { id } else { nil } } }
}

extension Catalog {
    /// Checks activities without writing: what `recordActivities` would refuse, note or skip.
    public func checkActivities(_ rows: [NewActivity], actor: String) throws -> [ActivityCheck] {
        try store.read { s in try rows.map { try check(s, $0, actor: actor) } }
    }

    /// Records activities in one transaction with an audit event each. With problems in any
    /// row nothing is written (`keepGood`: the good rows are, the others are refused), so that
    /// a spreadsheet is never half imported; rows already recorded are skipped and said.
    public func recordActivities(_ rows: [NewActivity], actor: String, now: Date, keepGood: Bool = false) throws
        -> ActivityImport
    {
        do {
            return try store.write { s in
                try Self.authorize(s, actor: actor, .ingest, lectureId: nil, now: now)
                return try record(s, rows, actor: actor, now: now, keepGood: keepGood)
            }
        } catch let refusal as AccessDenied {
            try recordRefusal(refusal, actor: actor, lectureId: nil, now: now)
            throw refusal
        }
    }

    func record(_ s: any SQLSession, _ rows: [NewActivity], actor: String, now: Date, keepGood: Bool) throws
        -> ActivityImport
    {
        var checks = try rows.map { try check(s, $0, actor: actor) }
        let refused = checks.contains { !$0.problems.isEmpty }
        var outcomes: [ActivityImport.Outcome] = []
        for (index, (row, c)) in zip(rows, checks).enumerated() {
            if !c.problems.isEmpty {
                outcomes.append(.refused(c.problems))
            } else if let id = c.existing {
                outcomes.append(.existing(id))
            } else if refused && !keepGood {
                outcomes.append(.held)
            } else if var record = c.resolved {
                record.createdAt = now
                record.actor = actor
                let id = try s.insert(record, into: "activity") ?? 0
                record.id = id
                try Self.link(s, speakers: c.speakerIds, to: id, table: .activity)
                if let order = try Self.deliverPendingOrder(s, activity: record, id: id) {
                    checks[index].notes.append(.init(column: nil, message: "交付了点单 #\(order)"))
                }
                for (i, p) in row.photos.enumerated() {
                    try s.insert(
                        ActivityPhotoRecord(
                            activityId: id, position: i + 1, sha256: p.sha256, storedPath: p.storedPath,
                            thumbPath: p.thumbPath, originalName: p.originalName),
                        into: "activityPhoto", returningId: false)
                }
                let name = try s.scalar(
                    String.self, "SELECT name FROM organisation WHERE id = ?", record.organisationId)
                _ = try AuditEventRecord.append(
                    s, at: now, actor: actor, action: "activity", lectureId: record.lectureId, versionId: nil,
                    from: nil, to: nil,
                    note: "主题党日 #\(id)：\(name ?? record.organisationId) \(record.day)"
                        + (row.source.map { "（\($0)）" } ?? ""))
                outcomes.append(.added(id))
            }
        }
        return ActivityImport(outcomes: outcomes, notes: checks.map(\.notes))
    }

    func check(_ s: any SQLSession, _ a: NewActivity, actor: String) throws -> ActivityCheck {
        var c = ActivityCheck()
        func problem(_ field: String, _ message: String) {
            c.problems.append(.init(column: a.columns[field] ?? field, message: message))
        }
        func note(_ field: String, _ message: String) {
            c.notes.append(.init(column: a.columns[field] ?? field, message: message))
        }
        let found = try Self.organisations(s, named: a.organisation)
        let organisation = found.onlyElement
        if let why = Self.organisationProblem(a.organisation, found: found) { problem("organisation", why) }
        if let organisation, let scope = try Self.scope(s, actor: actor),
            !(try Self.subtreeIds(s, of: scope).contains(organisation.id))
        {
            problem("organisation", "用户「\(actor)」只能登记自己所辖组织的活动，「\(organisation.name)」不在其中")
        }
        if !LectureDay.valid(a.day) { problem("day", "「\(a.day)」不是日期；可以写 \(TypedDay.examples)") }
        var lectureId = a.lectureId
        if let id = a.lectureId {
            if let kind = try s.scalar(String.self, "SELECT kind FROM lecture WHERE id = ?", id) {
                if kind == ItemKind.filmCode { problem("lecture", "#\(id) 是教育片，不是微党课") }
            } else {
                problem("lecture", "目录中没有 #\(id) 这个节目")
            }
        } else if let title = a.lectureTitle, let organisation {
            // A lecture of the branch (or above it) already catalogued under the same title.
            let ids = try s.column(
                Int64.self,
                """
                WITH RECURSIVE up(id) AS (
                  SELECT \(s.dialect.boundText) UNION
                  SELECT o.parentId FROM organisation o JOIN up ON o.id = up.id WHERE o.parentId IS NOT NULL)
                SELECT id FROM lecture WHERE title = ? AND kind = 'lecture' AND organisationId IN (SELECT id FROM up)
                ORDER BY id
                """, organisation.id, title)
            if ids.count == 1 {
                lectureId = ids[0]
                note("lectureTitle", "与目录中的 #\(ids[0]) 同名，已关联")
            }
        }
        var filmId: Int64?, filmTitle = a.film.map(Self.bareTitle)
        if let typed = a.film {
            let month = String(a.day.prefix(7))
            let listed = try Self.plannedFilms(s, month: month)
            let bare = Self.bareTitle(typed)
            if let byId = Int64(bare.hasPrefix("#") ? String(bare.dropFirst()) : "x") {
                if let found = listed.first(where: { $0.id == byId }) {
                    filmId = found.id
                } else if let kind = try s.scalar(String.self, "SELECT kind FROM lecture WHERE id = ?", byId) {
                    if kind == ItemKind.filmCode {
                        filmId = byId
                        note("film", "#\(byId) 不在 \(month) 的教育片清单中（不计入“一片”）")
                    } else {
                        problem("film", "#\(byId) 不是教育片")
                    }
                } else {
                    problem("film", "目录中没有 #\(byId) 这个节目")
                }
            } else if let found = listed.first(where: { Self.sameFilm(Self.bareTitle($0.title), bare) }) {
                filmId = found.id
            } else if let other = try s.scalar(
                Int64.self, "SELECT id FROM lecture WHERE kind = 'film' AND title = ? ORDER BY id LIMIT 1", bare)
            {
                filmId = other
                note("film", "《\(bare)》（#\(other)）不在 \(month) 的教育片清单中（不计入“一片”）")
            } else {
                note("film", "目录中没有《\(bare)》这部教育片，按所写保存（不计入“一片”）")
            }
            if filmId != nil { filmTitle = nil }
        }
        if a.speaker != nil {
            let speakers = try Self.resolveSpeakers(s, a.speaker, unit: nil, host: organisation?.id)
            for p in speakers.problems { problem("speaker", p) }
            for n in speakers.notes { note("speaker", n) }
            c.speakerIds = speakers.personIds
            c.speakerDisplay = speakers.display
        }
        var count = a.participantCount
        if count == nil, !a.participants.isEmpty { count = a.participants.count }
        if let n = count, n < a.participants.count {
            note("participantCount", "参加人数 \(n) 少于写出的姓名（\(a.participants.count) 个）")
        }
        if let organisation {
            c.existing = try s.scalar(
                Int64.self, "SELECT id FROM activity WHERE organisationId = ? AND day = ? AND time = ?",
                organisation.id, a.day, a.time)
        }
        guard c.problems.isEmpty, let organisation else { return c }
        c.resolved = ActivityRecord(
            id: nil, organisationId: organisation.id, day: a.day, time: a.time, place: a.place,
            participantCount: count, participants: a.participants.joined(separator: "、"), lectureId: lectureId,
            speaker: c.speakerDisplay ?? a.speaker, lectureTitle: a.lectureTitle, filmId: filmId, filmTitle: filmTitle,
            practice: a.practice, discussion: a.discussion, source: a.source, createdAt: Date(), actor: actor)
        return c
    }

    /// The same film written with or without its subtitle: 「解码中部崛起——促进城乡融合」 is
    /// the listed 「解码中部崛起」 (at least four characters in common from the start).
    static func sameFilm(_ listed: String, _ typed: String) -> Bool {
        if listed == typed { return true }
        let (short, long) = listed.count < typed.count ? (listed, typed) : (typed, listed)
        guard short.count >= 4, long.hasPrefix(short) else { return false }
        let rest = long.dropFirst(short.count)
        return rest.first.map { "—-－:：（( ".contains($0) } ?? true
    }

    /// 「《解码中部崛起》」 → 「解码中部崛起」.
    static func bareTitle(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: " \t\u{3000}《》〈〉\"“”"))
    }

    /// The acting user's scope (nil: everything; no users, or an administrator).
    static func scope(_ s: any SQLSession, actor: String) throws -> String? {
        guard let user = try UserRecord.named(actor, s), user.role != .admin else { return nil }
        return user.organisationId
    }

    static func subtreeIds(_ s: any SQLSession, of id: String) throws -> Set<String> {
        Set(Self.subtree(roots: [id], of: try s.records(OrganisationRecord.self, "SELECT * FROM organisation")))
    }

}
