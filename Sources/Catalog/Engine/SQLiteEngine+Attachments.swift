import Foundation
import LecternCore

// The SQLite engine's side of `AttachmentCatalog`.
extension Catalog: AttachmentCatalog {
    public func attach(_ items: [NewAttachment], lecture: Int64?, activity: Int64?, actor: String, now: Date)
        async throws -> [AttachOutcome]
    {
        try await runWrite { try self.attach(items, lecture: lecture, activity: activity, actor: actor, now: now) }
    }
    public func attachments(lecture: Int64) async throws -> [AttachmentView] {
        try await run { try self.attachments(lecture: lecture) }
    }
    public func attachments(activity: Int64) async throws -> [AttachmentView] {
        try await run { try self.attachments(activity: activity) }
    }
    public func scriptMatches(lecture: Int64) async throws -> [ScriptMatch] {
        try await run { try self.scriptMatches(lecture: lecture) }
    }
    public func addReferences(_ items: [NewReference], actor: String, now: Date) async throws -> [ReferenceOutcome] {
        try await runWrite { try self.addReferences(items, actor: actor, now: now) }
    }
    public func references() async throws -> [ReferenceView] {
        try await run { try self.references() }
    }
}
