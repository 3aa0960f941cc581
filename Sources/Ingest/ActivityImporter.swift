import Catalog
import Foundation
import LecternCore
import Workers

/// `lectern activity import`: a spreadsheet's rows checked in full before anything is written
/// (the rows' own problems, then the catalog's: organisation, lecture, film), the photos of
/// the rows to be added stored, then every row in one transaction. With a problem anywhere
/// nothing is imported, unless `keepGood`.
public struct ActivityImporter: Sendable {
    public let catalog: Catalog
    public let photos: PhotoStore
    public let actor: String

    public init(catalog: Catalog, photos: PhotoStore, actor: String) {
        self.catalog = catalog
        self.photos = photos
        self.actor = actor
    }

    /// One row's fate, with everything said about it.
    public struct RowResult: Sendable, Codable, Equatable {
        public enum Outcome: String, Sendable, Codable { case added, existing, refused, held, checked }
        /// 「活动.xlsx 第 3 行」.
        public var source: String
        public var row: Int
        public var outcome: Outcome
        public var id: Int64?
        public var organisation: String
        public var day: String
        /// 「「日期」列：…」: why it was refused.
        public var problems: [String]
        /// Taken, but worth a look (a film not on the month's list).
        public var notes: [String]
    }

    public func run(_ rows: [ActivitySheet.Row], now: Date, keepGood: Bool, dryRun: Bool) throws -> [RowResult] {
        var problems = rows.map { $0.problems }
        var activities = rows.map(\.activity)
        let checks = try catalog.checkActivities(activities, actor: actor)
        // The catalog's word on a column the row already failed in is the same news twice.
        for i in rows.indices {
            let said = Set(problems[i].compactMap(\.column))
            problems[i] += checks[i].problems.filter { !said.contains($0.column ?? "") }
        }
        let anyProblem = problems.contains { !$0.isEmpty }
        func result(_ i: Int, _ outcome: RowResult.Outcome, id: Int64? = nil, notes: [ActivityCheck.Problem] = [])
            -> RowResult
        {
            RowResult(
                source: rows[i].activity.source ?? "第 \(rows[i].number) 行", row: rows[i].number, outcome: outcome,
                id: id, organisation: rows[i].activity.organisation, day: rows[i].activity.day,
                problems: problems[i].map(\.description), notes: (checks[i].notes + notes).map(\.description))
        }
        if dryRun || (anyProblem && !keepGood) {
            return rows.indices.map { i in
                if !problems[i].isEmpty { return result(i, .refused) }
                if let id = checks[i].existing { return result(i, .existing, id: id) }
                return result(i, dryRun ? .checked : .held)
            }
        }
        // The photos of the rows that will be added.
        let wanted = rows.indices.filter { problems[$0].isEmpty && checks[$0].existing == nil }
        let stored = photos.store(wanted.flatMap { rows[$0].photoFiles })
        for i in wanted {
            for file in rows[i].photoFiles {
                switch stored[file] {
                case .success(let photo): activities[i].photos.append(photo)
                case .failure(let failure):
                    problems[i].append(
                        .init(
                            column: rows[i].activity.columns["photos"] ?? "照片",
                            message: "「\((file as NSString).lastPathComponent)」\(failure.message)"))
                case nil: break
                }
            }
        }
        let photoProblem = wanted.contains { !problems[$0].isEmpty }
        var outcomes: [ActivityImport.Outcome] = rows.indices.map {
            problems[$0].isEmpty ? .held : .refused(problems[$0])
        }
        if !photoProblem || keepGood {
            let good = rows.indices.filter { problems[$0].isEmpty }
            let written = try catalog.recordActivities(
                good.map { activities[$0] }, actor: actor, now: now, keepGood: keepGood)
            for (k, i) in good.enumerated() { outcomes[i] = written.outcomes[k] }
        }
        // Photos stored for rows that were not written stay, like a failed ingest's files:
        // another import may be about to name the same content; `lectern sweep` takes them
        // after the grace period if nobody does (ContentStore).
        return rows.indices.map { i in
            switch outcomes[i] {
            case .added(let id): return result(i, .added, id: id)
            case .existing(let id): return result(i, .existing, id: id)
            case .refused(let p):
                problems[i] = p
                return result(i, .refused)
            case .held: return result(i, .held)
            }
        }
    }
}
