import Foundation
import Hummingbird
import NIOCore

/// Serves a file of the library (found through the catalog, never a path from the client) with
/// HTTP range requests, so that the browser's player can seek.
struct MediaResponder {
    let fileIO = FileIO()

    /// A single range of `bytes=` (RFC 9110 §14.1.2): `a-b`, `a-`, `-n`. nil: the whole file
    /// (no header, or several ranges, which a player never asks for). Throws 416 when no byte
    /// of the file is in the range.
    static func range(_ header: String?, size: Int) throws -> ClosedRange<Int>? {
        guard let header, header.hasPrefix("bytes=") else { return nil }
        let spec = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        if spec.contains(",") { return nil }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        let unsatisfiable = HTTPError(.rangeNotSatisfiable, headers: [.contentRange: "bytes */\(size)"])
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0 else { throw unsatisfiable }
            guard size > 0 else { throw unsatisfiable }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(parts[0]), start >= 0 else { return nil }
        guard start < size else { throw unsatisfiable }
        if parts[1].isEmpty { return start...(size - 1) }
        guard let end = Int(parts[1]), end >= start else { return nil }
        return start...min(end, size - 1)
    }

    /// `attachment` with the upload's own (Chinese) name, RFC 6266/5987, and an ASCII fallback.
    static func attachment(_ name: String) -> String {
        let allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127))
        )
        .union(CharacterSet(charactersIn: "-._~"))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "video"
        let ext = (name as NSString).pathExtension
        let fallback =
            "lecture"
            + (ext.isEmpty || !ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? "" : "." + ext)
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "mp4", "m4v", "mov": "video/mp4"
        case "mkv": "video/x-matroska"
        case "webm": "video/webm"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "ts": "video/mp2t"
        case "flv": "video/x-flv"
        case "avi": "video/x-msvideo"
        default: "application/octet-stream"
        }
    }

    /// The file at `url` (inside `root`), whole or the requested range.
    func respond(_ url: URL, inside root: URL, request: Request, context: DeskContext) async throws -> Response {
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        let rootPath = root.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(rootPath + "/") else { throw HTTPError(.notFound) }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw HTTPError(.notFound) }
        let size = Int(info.st_size)
        var headers: HTTPFields = [
            .contentType: Self.contentType(resolved),
            .acceptRanges: "bytes",
            .cacheControl: "private, max-age=3600",
        ]
        // Content-addressed: a stored file never changes under its name.
        headers[.eTag] = "\"\(info.st_ino)-\(size)-\(info.st_mtim.tv_sec)\""
        if let range = try Self.range(request.headers[.range], size: size) {
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = String(range.count)
            if request.method == .head { return Response(status: .partialContent, headers: headers) }
            let body = try await fileIO.loadFile(path: resolved, range: range, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        }
        headers[.contentLength] = String(size)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        let body = try await fileIO.loadFile(path: resolved, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }
}
