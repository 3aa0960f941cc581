import ArgumentParser
import Catalog
import Foundation

extension Lectern {
    /// Parses the arguments and runs the command, awaiting it when it is asynchronous (serve).
    /// In a function rather than in top-level code: there, `await command.run()` picked the
    /// synchronous requirement, which only prints help.
    static func runParsed() async throws {
        var command = try parseAsRoot()
        if var asynchronous = command as? AsyncParsableCommand {
            try await asynchronous.run()
        } else {
            try command.run()
        }
    }
}

// The parser must not wrap: HelpText wraps by display width (a Chinese character is two columns).
_ = HelpText.screenWidth
setenv("COLUMNS", HelpText.unwrappedColumns, 1)

if let unknown = UnknownCommand.message(Array(CommandLine.arguments.dropFirst())) {
    Output.write(STDERR_FILENO, Array("lectern: \(unknown)\n".utf8))
    exit(2)
}

// Exit status (docs/CLI.md): 0 all went well, 1 some items failed, 2 usage or configuration error.
do {
    try await Lectern.runParsed()
} catch let failure as ItemsFailed {
    exit(failure.exitCode)
} catch let refusal as AccessDenied {
    Output.write(STDERR_FILENO, Array("lectern: 没有权限：\(refusal.message)\n".utf8))
    exit(1)
} catch let failure as ConfigurationError {
    Output.write(STDERR_FILENO, Array("lectern: \(failure.description)\n".utf8))
    exit(2)
} catch {
    let code = Lectern.exitCode(for: error)
    let text = Lectern.fullMessage(for: error)
    if code == .success {  // --help, help, --version
        Output.write(STDOUT_FILENO, Array(HelpText.help(text).utf8))
        exit(0)
    }
    Output.write(STDERR_FILENO, Array(HelpText.error(text.hasPrefix("Error: ") ? text : "Error: " + text).utf8))
    exit(code == .validationFailure ? 2 : 1)
}
