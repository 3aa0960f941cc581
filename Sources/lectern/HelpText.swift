import Foundation
import LecternCore

/// The parser's help and error text, in Chinese and wrapped by display width.
///
/// swift-argument-parser wraps by character count (a Chinese character is one character but
/// two columns) and breaks only at spaces (a Chinese sentence has none). So main.swift sets
/// COLUMNS so large that the parser never wraps, and this re-wraps what it wrote to the
/// screen's real width, by columns, breaking between Chinese characters but never before a
/// closing mark (，。、）」) nor after an opening one (（「), and never inside a Latin word.
enum HelpText {
    /// Columns to wrap to: the terminal's (at most 100), else $COLUMNS, else 80.
    static let screenWidth: Int = {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
            return min(Int(size.ws_col), 100)
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n >= 40 { return min(n, 100) }
        return 80
    }()

    /// So wide that the parser leaves every line whole.
    static let unwrappedColumns = "4000"

    /// The parser's help page, in Chinese, wrapped to `width`.
    static func help(_ raw: String, width: Int = screenWidth) -> String {
        var lines: [String] = []
        var inTable = false
        for line in raw.components(separatedBy: "\n") {
            var text = translate(line)
            if ["参数：", "选项：", "子命令："].contains(text) {
                inTable = true
            } else if text.isEmpty {
                inTable = false
            } else if inTable {
                text = aligned(text)
            }
            lines += wrap(text, width: width)
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An error from the parser (or from a command's validate()): `lectern: 原因` on one line,
    /// then the command's usage, in Chinese.
    static func error(_ raw: String, width: Int = screenWidth) -> String {
        var out: [String] = []
        for line in raw.components(separatedBy: "\n") where !line.isEmpty {
            if line.hasPrefix("Error: ") {
                // One line, as every error of lectern: the terminal folds it, scripts grep it.
                out.append("lectern: " + ParserMessages.chinese(String(line.dropFirst(7))))
            } else if line.hasPrefix("Help:  ") {
                continue  // the option's own help: `详细说明` below points to it
            } else if line.hasPrefix("Usage: ") {
                out += wrap(translate(line), width: width)
            } else if let see = line.firstMatch(of: #/^\s*See '(.+)' for more information\.$/#) {
                out.append("详细说明：\(see.1)")
            } else {
                out += wrap(translate(line), width: width)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The parser's fixed English phrases in Chinese.
    static func translate(_ line: String) -> String {
        var s = line
        let whole: [(String, String)] = [
            ("OVERVIEW: ", ""), ("USAGE: ", "用法："), ("Usage: ", "用法："), ("ARGUMENTS:", "参数："), ("OPTIONS:", "选项："),
            ("SUBCOMMANDS:", "子命令："), ("Show the version.", "显示版本号。"), ("Show help information.", "显示本帮助。"),
            ("<subcommand>", "<子命令>"), (" (default as flag: ", "（默认："), (" (default: ", "（默认："),
            ("(default: ", "（默认："),
        ]
        for (english, chinese) in whole { s = s.replacingOccurrences(of: english, with: chinese) }
        if let see = s.firstMatch(of: #/^(\s*)See '(.+) help (.*)<子命令>' for detailed help\.$/#) {
            return "\(see.1)各子命令的详细帮助：\(see.2) help \(see.3)<子命令>"
        }
        // "（默认：x)" closes in kind; "(values: a, b)" lists the values.
        s = s.replacingOccurrences(of: #"（默认：([^)]*)\)"#, with: "（默认：$1）", options: .regularExpression)
        s = s.replacingOccurrences(of: #"\(values: ([^)]*)\)"#, with: "（可选：$1）", options: .regularExpression)
        s = s.replacingOccurrences(of: #"^(\s+\S+) \(default\)"#, with: "$1（默认）", options: .regularExpression)
        return s
    }

    /// Column where the text of an option's row starts, as the parser lays it out.
    static let labelColumn = 26

    /// A row "  label   text" with the text at `labelColumn` by display width (the parser pads
    /// by characters, so a Chinese value name pushed the text out of line).
    static func aligned(_ line: String) -> String {
        guard line.hasPrefix("  "), let gap = line.dropFirst(2).firstRange(of: "  ") else { return line }
        let label = String(line[..<gap.lowerBound])
        let text = line[gap.upperBound...].drop(while: { $0 == " " })
        guard !text.isEmpty else { return line }
        let w = TerminalWidth.of(label)
        if w > labelColumn - 2 { return label + "\n" + String(repeating: " ", count: labelColumn) + text }
        return label + String(repeating: " ", count: labelColumn - w) + text
    }

    // MARK: - Wrapping by display width

    /// `line` in lines of at most `width` columns. Continuation lines hang under the text of a
    /// two-column row ("  --note <备注>      说明"), under the text after "用法：", or under the
    /// line's own indent.
    static func wrap(_ line: String, width: Int) -> [String] {
        if line.contains("\n") { return line.components(separatedBy: "\n").flatMap { wrap($0, width: width) } }
        guard TerminalWidth.of(line) > width else { return [line] }
        let hang = hangingIndent(line)
        // A usage line breaks only between its words: "<文件>" and "[--as <用户>]" stay whole.
        let atSpacesOnly = line.hasPrefix("用法：")
        var lines: [String] = []
        var pieces: [Substring] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            let (piece, tail) = atSpacesOnly ? nextWord(rest) : nextPiece(rest)
            pieces.append(piece)
            rest = tail
        }
        var current: [Substring] = [], currentWidth = 0, first = true
        func emit(_ row: ArraySlice<Substring>) {
            var text = row.joined()
            if !first { text = String(repeating: " ", count: hang) + text.drop(while: { $0 == " " }) }
            lines.append(String(text.reversed().drop(while: { $0 == " " }).reversed()))
            first = false
        }
        for piece in pieces {
            let w = TerminalWidth.of(String(piece))
            let start = first ? 0 : hang
            if start + currentWidth + w > width, !current.isEmpty {
                // Break after the last phrase boundary (a space or a mark such as ，、；) when it
                // leaves the line at least two-thirds full; else between two characters.
                var cut = current.count
                var used = start
                var best: Int?
                for (i, p) in current.enumerated() {
                    used += TerminalWidth.of(String(p))
                    if let last = p.last, last == " " || phraseEnd.contains(last), used * 3 >= width * 2 {
                        best = i + 1
                    }
                }
                if let best { cut = best }
                emit(current[..<cut])
                current = Array(current[cut...])
                while current.first?.first == " " { current.removeFirst() }
                currentWidth = current.reduce(0) { $0 + TerminalWidth.of(String($1)) }
            }
            if current.isEmpty && piece.first == " " && !first { continue }
            current.append(piece)
            currentWidth += w
        }
        if !current.isEmpty, !current.joined().trimmingCharacters(in: .whitespaces).isEmpty { emit(current[...]) }
        return lines
    }

    /// Marks after which a line reads well broken.
    static let phraseEnd: Set<Character> = Set("，。、；：？！）」』》,.;:!?)/")

    /// The column continuation lines start at.
    static func hangingIndent(_ line: String) -> Int {
        if line.hasPrefix("用法：") { return TerminalWidth.of("用法：") }
        let indent = line.prefix(while: { $0 == " " }).count
        // A row of two columns: the label, two or more spaces, the text.
        if indent > 0, let gap = line.dropFirst(indent).firstRange(of: "  ") {
            let textStart = line[gap.upperBound...].prefix(while: { $0 == " " })
            let column = TerminalWidth.of(String(line[..<textStart.endIndex]))
            if column < 40 { return column }
        }
        // "lectern: 原因" and "说明：…" hang under their text.
        if let colon = line.firstRange(of: "lectern: "), colon.lowerBound == line.startIndex { return 9 }
        return indent
    }

    static let noBreakBefore: Set<Character> = Set("，。、；：？！）」』》〉】”’…%·,.;:!?)]}>")
    static let noBreakAfter: Set<Character> = Set("（「『《〈【“‘([{<")

    /// The next unbreakable piece: a run of spaces, a Latin word (with what sticks to it), or one
    /// Chinese character with the marks that may not start or end a line beside it.
    static func nextPiece(_ text: Substring) -> (Substring, Substring) {
        var end = text.startIndex
        func advance() { end = text.index(after: end) }
        let first = text[end]
        if first == " " {
            while end < text.endIndex, text[end] == " " { advance() }
            return (text[..<end], text[end...])
        }
        // Opening marks stay with what follows them.
        while end < text.endIndex, noBreakAfter.contains(text[end]) { advance() }
        if end < text.endIndex {
            if isWide(text[end]) {
                advance()
            } else {
                while end < text.endIndex, text[end] != " ", !isWide(text[end]) || noBreakBefore.contains(text[end]) {
                    if noBreakAfter.contains(text[end]), end > text.startIndex { break }
                    advance()
                }
            }
        }
        // Closing marks stay with what precedes them.
        while end < text.endIndex, noBreakBefore.contains(text[end]) { advance() }
        if end == text.startIndex { advance() }
        return (text[..<end], text[end...])
    }

    /// The next run of spaces, or of anything else.
    static func nextWord(_ text: Substring) -> (Substring, Substring) {
        let space = text.first == " "
        let end = text.firstIndex(where: { ($0 == " ") != space }) ?? text.endIndex
        return (text[..<end], text[end...])
    }

    static func isWide(_ ch: Character) -> Bool { TerminalWidth.of(String(ch)) == 2 }
}
