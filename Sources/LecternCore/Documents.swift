/// A document attached to a lecture or an activity (讲稿, 课件, 记录) and the text read from it.
public enum DocumentFormat: String, Codable, Sendable, CaseIterable {
    case docx, pptx, pdf, txt

    /// By the file's extension; nil for anything else (including the old formats, which
    /// `oldFormat` names).
    public static func of(fileName: String) -> DocumentFormat? {
        DocumentFormat(rawValue: fileExtension(fileName))
    }

    /// 「.doc」「.wps」…: a format Lectern asks to be saved again as .docx or .pptx.
    public static func oldFormat(_ fileName: String) -> String? {
        let ext = fileExtension(fileName)
        return ["doc", "wps", "ppt", "dps", "rtf", "odt", "odp"].contains(ext) ? ext : nil
    }

    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    public var chinese: String {
        switch self {
        case .docx: "Word 文档"
        case .pptx: "PowerPoint 课件"
        case .pdf: "PDF"
        case .txt: "文本文件"
        }
    }
}

/// What a document's text is to its lecture.
public enum AttachmentRole: String, Codable, Sendable, CaseIterable, TypedWord {
    case script, slides, record
    public static var noun: String { "附件类别" }
    public var chinese: String {
        switch self {
        case .script: "讲稿"
        case .slides: "课件"
        case .record: "记录"
        }
    }
    public var aliases: [String] {
        switch self {
        case .script: ["发言稿", "讲话稿", "文稿", "稿子"]
        case .slides: ["幻灯片", "PPT", "ppt", "演示文稿"]
        case .record: ["签到表", "会议记录", "活动记录", "签到"]
        }
    }

    /// A slide deck is 课件 and a script 讲稿, unless staff say otherwise.
    public static func guess(_ format: DocumentFormat) -> AttachmentRole { format == .pptx ? .slides : .script }
}

/// The text the `document` job read.
public struct ExtractedDocument: Codable, Sendable, Equatable {
    public var format: DocumentFormat
    /// A PDF's pages, a deck's slides; 0 for a Word document or a text file.
    public var pages: Int
    public var text: String
    /// Longer than `DocumentLimits.maxCharacters`: the rest was not kept.
    public var truncated: Bool
    /// A PDF with pages but no text layer (a scan): nothing to search or compare.
    public var scanned: Bool
    /// A text file's encoding: UTF-8, UTF-16 or GB18030.
    public var encoding: String?

    public init(
        format: DocumentFormat, pages: Int, text: String, truncated: Bool = false, scanned: Bool = false,
        encoding: String? = nil
    ) {
        self.format = format
        self.pages = pages
        self.text = text
        self.truncated = truncated
        self.scanned = scanned
        self.encoding = encoding
    }
}

public enum DocumentLimits {
    /// A script or a deck larger than this is refused (a video renamed, or a deck of photos).
    public static let maxBytes: Int64 = 100 << 20
    /// Text kept per document (a script is 2,000–6,000 characters).
    public static let maxCharacters = 300_000
}
