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

    /// Hummingbird's media types by extension, with the video containers uploads come in
    /// that it does not list.
    static func contentType(_ path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        if let type = MediaType.getMediaType(forExtension: ext) { return type.description }
        return Self.videoTypes[ext] ?? "application/octet-stream"
    }

    static let videoTypes = [
        "m4v": "video/mp4", "mov": "video/mp4", "mkv": "video/x-matroska", "flv": "video/x-flv",
        "avi": "video/x-msvideo",
    ]

    /// An IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
    static func httpDate(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Whether the client's copy is this one: `If-None-Match` (any of its tags, or `*`).
    static func notModified(_ request: Request, eTag: String) -> Bool {
        let weak = "W/" + eTag
        for field in request.headers[values: .ifNoneMatch] {
            for tag in field.split(separator: ",") {
                let tag = tag.trimmingCharacters(in: .whitespaces)
                if tag == eTag || tag == weak || tag == "*" { return true }
            }
        }
        return false
    }

    /// A range asked for only if the client's copy is still this one (`If-Range`, RFC 9110
    /// §13.1.5): otherwise the whole file.
    static func rangeApplies(_ request: Request, eTag: String, lastModified: String) -> Bool {
        guard let condition = request.headers[.ifRange] else { return true }
        return condition == eTag || condition == lastModified
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
        // Content-addressed: a stored file never changes under its name, so the tag is strong.
        let eTag = "\"\(info.st_ino)-\(size)-\(info.st_mtim.tv_sec)\""
        let lastModified = Self.httpDate(info.st_mtim.tv_sec)
        headers[.eTag] = eTag
        headers[.lastModified] = lastModified
        if Self.notModified(request, eTag: eTag) { return Response(status: .notModified, headers: headers) }
        if Self.rangeApplies(request, eTag: eTag, lastModified: lastModified),
            let range = try Self.range(request.headers[.range], size: size)
        {
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
