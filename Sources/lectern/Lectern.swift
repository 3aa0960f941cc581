import ArgumentParser

struct Lectern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "微党课视频的接收、检查、编目与审核。",
        discussion: """
            Examples:
              lectern probe inbox/*.mp4              what FFmpeg sees in each file
              lectern probe --json 党课.mp4           one JSON object per file
              lectern frames 党课.mp4 --out thumbs/   thumbnails, poster and contact sheet
            """,
        version: "0.1.0",
        subcommands: [Probe.self, Frames.self]
    )
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Library folder (default: $LECTERN_LIBRARY, else ./library).")
    var library: String?

    @Flag(name: .long, help: "JSON lines on stdout, one object per item.")
    var json = false

    @Flag(name: .long, help: "Show FFmpeg's own warnings and internal progress on stderr.")
    var verbose = false
}

/// Options of commands that run media jobs in workers.
struct WorkerOptions: ParsableArguments {
    @Option(name: .long, help: "Worker processes to run at once (default: number of cores).")
    var jobs: Int?

    @Option(name: .long, help: "Seconds one file may take before it is given up as timed out.")
    var timeout: Double = 30

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be more than 0 seconds") }
    }
}

/// Thrown by a command whose items were all handled but some failed (each already named on stderr).
struct ItemsFailed: Error {
    var exitCode: Int32 = 1
}

/// A configuration problem found outside argument parsing (exit 2).
struct ConfigurationError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
