import ArgumentParser
import Catalog
import Foundation
import Ingest
import LecternCore
import Reports
import Testing

@testable import lectern

/// docs/CLI.md is the one reference: every command it lists exists, every command exists in
/// it, and every JSON example reads as the type the program writes, with the same keys.
@Suite struct ReferenceTests {
    static let text = (try? String(contentsOf: Run.root.appendingPathComponent("docs/CLI.md"), encoding: .utf8)) ?? ""

    /// The JSON line types, by the name CLI.md gives them.
    static let types: [String: any Codable.Type] = [
        "LibraryCreatedLine": LibraryCreatedLine.self, "OrganisationsImportedLine": OrganisationsImportedLine.self,
        "OrganisationRecord": OrganisationRecord.self, "FileReport": FileReport.self, "SkippedLine": SkippedLine.self,
        "ManifestWarningLine": ManifestWarningLine.self, "SummaryLine": SummaryLine.self,
        "EditedLine": EditedLine.self, "SearchHit": SearchHit.self, "QueueItem": QueueItem.self,
        "DecisionLine": DecisionLine.self, "SpotCheckResult": ReviewCommand.SpotCheckResult.self,
        "AuditEventRecord": AuditEventRecord.self, "AuditVerifyLine": AuditVerifyLine.self,
        "UserAddedLine": UserAddedLine.self, "PasswordSetLine": PasswordSetLine.self, "UserRecord": UserRecord.self,
        "LectureSummary": LectureSummary.self, "LectureDetail": LectureDetail.self,
        "ReportDocument": ReportDocument.self, "ServeListening": ServeListening.self,
        "BackupSummary": BackupSummary.self, "StoreProblem": StoreProblem.self,
        "CheckSummaryLine": CheckSummaryLine.self, "SweepItem": SweepReport.Item.self,
        "SweepSummaryLine": SweepSummaryLine.self, "MediaInfo": MediaInfo.self, "FileError": FileError.self,
        "FramesOutput": FramesOutput.self, "UnassignedLecture": UnassignedLecture.self,
        "LobbyLine": LobbyLine.self, "InterviewRecord": InterviewRecord.self, "ThemeLine": ThemeLine.self,
        "UnmatchedTopic": Catalog.UnmatchedTopic.self, "PlannedFilm": PlannedFilm.self,
        "RowResult": ActivityImporter.RowResult.self, "ActivityView": ActivityView.self,
        "PersonView": PersonView.self, "ScoreLine": ReviewCommand.ScoreLine.self,
        "OrderLine": OrderCommand.OrderLine.self, "OrderView": OrderView.self, "MemberCount": MemberCount.self,
        "AttachedLine": AttachCommand.AttachedLine.self, "AttachmentReport": AttachmentReport.self,
        "ReferenceLine": ReferenceCommand.ReferenceLine.self, "ReferenceView": ReferenceView.self,
        "JobQueuedLine": JobQueuedLine.self, "IngestJob": IngestJob.self, "JobsRetriedLine": JobsRetriedLine.self,
    ]

    /// (type name, JSON) for each `<!-- json: Type -->` followed by a ```json block.
    static var examples: [(String, String)] {
        let pattern = #/<!-- json: (\w+) -->\n```json\n(.+?)\n```/#.dotMatchesNewlines()
        return text.matches(of: pattern).map { (String($0.1), String($0.2)) }
    }

    @Test func theReferenceIsThere() {
        #expect(Self.text.count > 5000)
        #expect(Self.examples.count >= Self.types.count)
    }

    @Test func everyJSONShapeIsDocumented() {
        let documented = Set(Self.examples.map(\.0))
        #expect(
            Set(Self.types.keys).subtracting(documented).isEmpty,
            "undocumented: \(Set(Self.types.keys).subtracting(documented))")
        #expect(
            documented.subtracting(Self.types.keys).isEmpty,
            "unknown type names: \(documented.subtracting(Self.types.keys))")
    }

    @Test func everyExampleReadsAsItsTypeWithTheSameKeys() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { d in
            let text = try d.singleValueContainer().decode(String.self)
            guard let date = ISODate.date(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: d.codingPath, debugDescription: "not ISO 8601: \(text)"))
            }
            return date
        }
        for (name, json) in Self.examples {
            guard let type = Self.types[name] else { continue }
            let value: any Codable
            do { value = try decoder.decode(type, from: Data(json.utf8)) } catch {
                Issue.record("\(name) example does not decode: \(error)")
                continue
            }
            // Written back as the program writes it: the same keys, and the same dates.
            let written = try Output.encoder.encode(value)
            let original = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let again = try JSONSerialization.jsonObject(with: written) as? [String: Any]
            #expect(Set(original?.keys ?? [:].keys) == Set(again?.keys ?? [:].keys), "\(name): keys differ")
            #expect(String(decoding: written, as: UTF8.self).contains("+08:00") == json.contains("+08:00"), "\(name)")
        }
    }

    /// `### lectern org import`, `### lectern review approve · reject · …`: every command named.
    static var documentedCommands: Set<String> {
        var out = Set<String>()
        for m in text.matches(of: #/(?m)^### lectern ([a-z -]+(?: · [a-z-]+)*)$/#) {
            let parts = String(m.1).components(separatedBy: " · ")
            let first = parts[0].split(separator: " ").map(String.init)
            out.insert(first.joined(separator: " "))
            for other in parts.dropFirst() { out.insert((first.dropLast() + [other]).joined(separator: " ")) }
        }
        return out
    }

    /// Every command of the program, from the parser's own tree.
    static func commands(_ type: ParsableCommand.Type, prefix: [String] = []) -> [String] {
        let subs = type.configuration.subcommands
        if subs.isEmpty { return [prefix.joined(separator: " ")] }
        return subs.flatMap { commands($0, prefix: prefix + [$0.configuration.commandName ?? ""]) }
    }

    @Test func everyCommandIsDocumentedAndEveryDocumentedCommandExists() throws {
        let real = Set(Self.commands(Lectern.self))
        let documented = Self.documentedCommands
        #expect(real.subtracting(documented).isEmpty, "not in docs/CLI.md: \(real.subtracting(documented).sorted())")
        #expect(documented.subtracting(real).isEmpty, "no such command: \(documented.subtracting(real).sorted())")
        for command in documented.sorted() {
            let run = try Run(command.split(separator: " ").map(String.init) + ["--help"])
            #expect(run.status == 0, "lectern \(command) --help")
        }
    }
}
