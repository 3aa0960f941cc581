import ArgumentParser

/// A word where a command is expected that names none (`lectern reveiw queue`). The parser
/// would report the first option it cannot place instead (「没有 --library 这个选项」), so
/// the command path is walked first.
enum UnknownCommand {
    /// The message for the first word that names no command, or nil.
    static func message(_ arguments: [String], root: ParsableCommand.Type = Lectern.self) -> String? {
        var command = root
        var path = [root.configuration.commandName ?? "lectern"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty || word.hasPrefix("-") { return nil }
            if word == "help" { return nil }
            guard let next = subcommands.first(where: { $0.configuration.commandName == word }) else {
                return "没有「\(word)」这个命令；可用的命令见 \(path.joined(separator: " ")) --help"
            }
            command = next
            path.append(word)
        }
        return nil
    }
}
