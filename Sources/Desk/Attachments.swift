import Catalog
import Foundation
import Hummingbird
import LecternCore

/// A lecture's scripts and slides on its page, downloaded under their own names.
struct AttachmentRow {
    var lectureId: Int64
    var id: Int64
    var role: String
    var name: String
    var about: String
}

extension Desk {
    static func attachmentRows(_ d: LectureDetail) -> [AttachmentRow] {
        d.attachments.map { a in
            AttachmentRow(
                lectureId: d.lecture.id, id: a.id, role: a.role.chinese, name: a.originalName,
                about: "\(a.format.chinese)，" + (a.scanned ? "扫描件，没有文字" : "\(a.characters) 字") + "，"
                    + Human.bytes(a.sizeBytes))
        }
    }

    /// `GET /lectures/:id/attachments/:attachment`: the file, under its original name.
    func attachmentFile(_ request: Request, _ context: DeskContext) async throws -> Response {
        let session = try viewer(request, context)
        let id = try Self.lectureId(context)
        let attachment = try Self.lectureId(context, "attachment")
        try await authorizeMedia(session.user.name, id, context)
        guard let a = try await catalog.attachments(lecture: id).first(where: { $0.id == attachment }) else {
            throw HTTPError(.notFound)
        }
        var response = try await media.respond(
            catalog.library.url(a.storedPath), inside: catalog.library.root, request: request, context: context)
        response.headers[.contentDisposition] = MediaResponder.attachment(a.originalName)
        return response
    }
}

extension AttachmentRow: TemplateFields {
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<AttachmentRow>] = [
        "lectureId": \.lectureId, "id": \.id, "role": \.role, "name": \.name, "about": \.about,
    ]
}
