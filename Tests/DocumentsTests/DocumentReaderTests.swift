import Foundation
import LecternCore
import Testing

@testable import Documents

/// Each format's text, and each bad document's one-line Chinese refusal (Fixtures/documents,
/// from Scripts/make-document-fixtures.py).
@Suite struct DocumentReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/documents")
    func path(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    @Test func aWordScriptIsReadParagraphByParagraph() throws {
        let d = try DocumentReader.read(path: path("讲稿.docx"))
        #expect(d.format == .docx)
        let lines = d.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "乡村振兴我先行——龙王庙村党支部微党课讲稿")
        #expect(lines.contains("党建 & 发展"))  // the entity decoded
        #expect(lines.contains("时间\t2026年11月"))  // runs joined, the tab kept
    }

    @Test func aDeckIsReadSlideBySlideInOrder() throws {
        let d = try DocumentReader.read(path: path("课件.pptx"))
        #expect(d.format == .pptx && d.pages == 3)
        #expect(d.text == "乡村振兴我先行\n龙王庙村党支部\n\n产业兴旺\n稻田养虾\n\n党员带头\n不忘初心、牢记使命")
    }

    @Test func aPDFsTextLayerIsReadAndAScanIsSaidToBeOne() throws {
        let d = try DocumentReader.read(path: path("讲稿.pdf"))
        #expect(d.format == .pdf && d.pages == 1 && !d.scanned)
        #expect(d.text.contains("同志们：今天我们一起学习党的二十大精神"))
        let scan = try DocumentReader.read(path: path("扫描件.pdf"))
        #expect(scan.scanned && scan.text.isEmpty && scan.pages == 1)
    }

    @Test func textFilesInEveryEncodingStaffSave() throws {
        let gbk = try DocumentReader.read(path: path("讲稿-GBK.txt"))
        #expect(gbk.encoding == "GB18030" && gbk.text.contains("稻田养虾"))
        let utf8 = try DocumentReader.read(path: path("讲稿-UTF8.txt"))
        #expect(utf8.encoding == "UTF-8" && utf8.text.hasPrefix("乡村振兴"))  // the BOM dropped
    }

    @Test(arguments: [
        ("加密.pdf", MediaFailure.Kind.notReadable, "PDF 有密码保护"),
        ("损坏.docx", .corrupt, "Word 文档已损坏"),
        ("旧版.doc", .notMedia, "这是旧版格式（.doc）"),
        ("空.pdf", .empty, "文件是空的"),
        ("不存在.docx", .notFound, "文件不存在"),
    ])
    func badDocumentsAreRefusedInOneLine(_ name: String, _ kind: MediaFailure.Kind, _ message: String) {
        do {
            _ = try DocumentReader.read(path: path(name))
            Issue.record("\(name) was read")
        } catch {
            #expect(error.kind == kind, "\(name): \(error.kind)")
            #expect(error.message.contains(message), "\(name): \(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test func aVideoRenamedAndATextFileRenamedAreNotDocuments() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mp4 = dir.appendingPathComponent("讲稿.pdf")
        try Data([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70]).write(to: mp4)
        #expect(throws: MediaFailure.self) { try DocumentReader.read(path: mp4.path) }
        let text = dir.appendingPathComponent("讲稿.docx")
        try "乡村振兴".write(to: text, atomically: true, encoding: .utf8)
        do {
            _ = try DocumentReader.read(path: text.path)
            Issue.record("a text file read as .docx")
        } catch { #expect(error.message.contains("不是Word 文档")) }
        #expect(throws: MediaFailure.self) { try DocumentReader.read(path: dir.appendingPathComponent("a.xls").path) }
    }
}
