import Foundation
import LecternCore

/// A lecture as one user sees it: its detail and what they may do with it now, read together
/// (the lecture page asks all of it for every view: one call to the engine instead of one
/// for each question).
public struct LectureView: Sendable {
    public var detail: LectureDetail
    public var mayReview: Bool
    public var mayExempt: Bool
    /// The near-duplicates, and the lectures its scripts were found in, this user may open (the
    /// others are shown, not linked).
    public var openableNearDuplicates: Set<Int64>
    /// The oldest other pending lecture in `scope`'s subtree: where a reviewer goes next.
    public var next: (id: Int64, title: String)?
}

extension Catalog {
    public func lectureView(_ id: Int64, viewer: String, scope: String?, now: Date) throws -> LectureView? {
        guard let detail = try lecture(id) else { return nil }
        let others = Set(detail.nearDuplicates.map(\.id) + detail.scriptMatches.compactMap(\.lectureId))
        let openable = others.filter { permits(viewer, .view, lectureId: $0, now: now) }
        return LectureView(
            detail: detail,
            mayReview: permits(viewer, .review, lectureId: id, now: now),
            mayExempt: permits(viewer, .exempt, lectureId: id, now: now),
            openableNearDuplicates: Set(openable),
            next: try nextPending(after: id, scope: scope))
    }
}
