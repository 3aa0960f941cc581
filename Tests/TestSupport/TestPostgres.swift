import Foundation

/// A PostgreSQL server for the tests: `$LECTERN_TEST_POSTGRES` (a URL whose password is
/// `$PGPASSWORD`), else one started for this test process by `Scripts/pg-server` in a
/// temporary folder and removed when the process exits. Each test asks for a database of its own.
public enum TestPostgres {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    nonisolated(unsafe) static var startedIn: String?

    /// The server's URL, to its `lectern` database, and the password for it.
    public static let server: (url: String, password: String) = {
        let env = ProcessInfo.processInfo.environment
        if let url = env["LECTERN_TEST_POSTGRES"], !url.isEmpty { return (url, env["PGPASSWORD"] ?? "") }
        let dir = TestFolders.temporaryDirectory("postgres")
        run(root.appendingPathComponent("Scripts/pg-server").path, ["start", dir])
        startedIn = dir
        // What `start` prints, from the files it keeps beside the server.
        func read(_ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: "\(dir)/\(name)") ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let url = "postgres://lectern@\(read("listen")):\(read("port"))/lectern"
        atexit {
            if let dir = TestPostgres.startedIn {
                TestPostgres.run(TestPostgres.root.appendingPathComponent("Scripts/pg-server").path, ["destroy", dir])
            }
        }
        return (url, "lectern")
    }()

    /// A new, empty database on the server; its URL.
    public static func newDatabase() -> String {
        let (url, password) = server
        let name = "t_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        run("/usr/bin/psql", [url, "-qtAc", "CREATE DATABASE \(name)"], password: password)
        return url.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/"
            + name
    }

    /// Runs a program to its end, its output discarded (a server it starts keeps what it
    /// inherits). posix_spawn and waitpid: this runs inside a static initializer, where
    /// Foundation's Process, which waits for its child through a run loop, never saw it end.
    static func run(_ program: String, _ arguments: [String], password: String? = nil) {
        var env = ProcessInfo.processInfo.environment
        if let password { env["PGPASSWORD"] = password }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pid: pid_t = 0
        guard posix_spawn(&pid, program, &actions, nil, argv, envp) == 0 else {
            fatalError("TestPostgres: cannot run \(program)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            fatalError("TestPostgres: \(program) \(arguments.joined(separator: " ")) exited with status \(status)")
        }
    }
}
