import Catalog
import Foundation
import LecternCore

extension ReportSnapshot {
    /// The snapshot of one organisation's subtree (`--org 春华镇`): its organisations with it
    /// as the root, their lectures, events, scores, activities and call-ins. Every report of
    /// the result is that township's own.
    public func scoped(to root: String) -> ReportSnapshot {
        let ids = Set(Catalog.subtree(roots: [root], of: organisations))
        var copy = self
        copy.organisations = organisations.filter { ids.contains($0.id) }.map { o in
            var o = o
            if o.id == root { o.parentId = nil }
            return o
        }
        copy.lectures = lectures.filter { ids.contains($0.organisationId) }
        let lectureIds = Set(copy.lectures.map(\.id))
        copy.events = events.filter { $0.lectureId.map(lectureIds.contains) ?? false }
        copy.scores = scores.filter { lectureIds.contains($0.lectureId) }
        copy.edits = edits.filter { lectureIds.contains($0.lectureId) }
        copy.formerNames = formerNames.filter { ids.contains($0.organisationId) }
        copy.activities = activities.filter { ids.contains($0.organisationId) }
        copy.interviews = interviews.filter { lectureIds.contains($0.lectureId) }
        copy.people.memberCounts = people.memberCounts.filter { ids.contains($0.organisationId) }
        copy.people.orders = people.orders.filter { ids.contains($0.organisationId) }
        return copy
    }
}
