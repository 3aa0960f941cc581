import Foundation
import TestSupport
import Testing

/// Runs the built `lectern` binary (Scripts/test builds it before `swift test`).
struct Run {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["LECTERN_BIN"] { return URL(fileURLWithPath: path) }
        return root.appendingPathComponent(".build/debug/lectern")
    }

    /// `$LECTERN_TEST_CATALOG=postgres`: every library a test makes with `init` keeps its
    /// catalog in a new database on the tests' PostgreSQL server, so that the whole suite runs
    /// again on that engine (`Scripts/test-postgres`).
    static var onPostgres: Bool { TestCatalog.onPostgres }

    var status: Int32
    var stdout: String
    var stderr: String

    /// Every stdout line as a JSON object; a line that is not one fails the test (with the
    /// line), so output that stopped being JSON can never pass as "no items".
    var jsonLines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            if object == nil { Issue.record("stdout line is not a JSON object: «\(line)»") }
            return object
        }
    }

    /// Runs `lectern` with `arguments`, or `runner` (e.g. runuser) with them.
    init(_ arguments: [String], environment: [String: String] = [:], runner: String? = nil, input: String? = nil) throws
    {
        let process = Process()
        process.executableURL = runner.map { URL(fileURLWithPath: $0) } ?? Run.binary
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "LECTERN_WORKER")
        var arguments = arguments
        if Run.onPostgres {
            env["PGPASSWORD"] = TestPostgres.server.password
            if runner == nil, arguments.first == "init", !arguments.contains("--catalog") {
                arguments += ["--catalog", TestPostgres.newDatabase()]
            }
        }
        process.arguments = arguments
        process.currentDirectoryURL = Run.root
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a full pipe cannot stall the child.
        let errData = Data.Box()
        let errThread = Thread { errData.value = err.fileHandleForReading.readDataToEndOfFile() }
        errThread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errData.value == nil { usleep(1000) }
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData.value ?? Data(), as: UTF8.self)
    }
}

extension Run {
    /// Runs SQL on a library's catalog with the engine's own client, as someone at the server
    /// would (sqlite3, or psql to the address in lectern.toml); what it printed, a row a line.
    static func sql(_ library: URL, _ statement: String) throws -> String {
        let p = Process()
        if onPostgres {
            let toml = try String(contentsOf: library.appendingPathComponent("lectern.toml"), encoding: .utf8)
            guard let line = toml.split(separator: "\n").first(where: { $0.hasPrefix("catalog = ") }) else {
                throw CocoaError(.fileReadCorruptFile)
            }
            p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            p.arguments = [
                String(line.dropFirst("catalog = ".count)).trimmingCharacters(in: ["\""]), "-qtAc", statement,
            ]
        } else {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            p.arguments = [library.appendingPathComponent("catalog.sqlite").path, statement]
        }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension Data {
    final class Box: @unchecked Sendable { var value: Data? }
}

func temporaryDirectory(_ name: String = #function) -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("lectern-cli-\(getpid())-\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A new library holding the sample uploads (Fixtures/uploads, described by the workbook) and
/// the sample organisation tree, as several suites start from.
struct SampleLibrary {
    let url: URL
    /// Lecture ids by title (ingest order, and so ids, vary with the workers).
    let ids: [String: Int]

    init() throws {
        url = temporaryDirectory().appendingPathComponent("library")
        _ = try Run(["init", "--library", url.path])
        _ = try Run(["org", "import", "Fixtures/organisations.csv", "--library", url.path])
        _ = try Run(["ingest", "Fixtures/uploads", "--manifest", "Fixtures/uploads/清单.xlsx", "--library", url.path])
        let list = try Run(["list", "--json", "--library", url.path]).jsonLines
        ids = Dictionary(
            list.compactMap { o in (o["title"] as? String).flatMap { t in (o["id"] as? Int).map { (t, $0) } } },
            uniquingKeysWith: { a, _ in a })
    }
}
