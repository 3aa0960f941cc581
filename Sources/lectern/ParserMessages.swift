import Foundation
import LecternCore

/// swift-argument-parser's error sentences in Chinese. Its errors are internal types, so the
/// sentences are matched (the patterns are tested, in-process and through the binary, so a new wording in a
/// later release fails the suite instead of reaching staff in English).
enum ParserMessages {
    static func chinese(_ message: String) -> String {
        if let m = message.firstMatch(
            of: #/^The value '(.*)' is invalid for '(.+?)'(?:: (.*))?(?:\. Please provide one of.*)?$/#)
        {
            let option = String(m.2)
            if let reason = m.3 { return "\(option)：\(reason)" }
            return "\(option)：\(Self.accepted(for: option, value: String(m.1)))"
        }
        if let m = message.firstMatch(of: #/^Missing expected argument '(.+)'$/#) { return "缺少参数 \(m.1)" }
        if let m = message.firstMatch(of: #/^Missing one of: (.+)$/#) { return "缺少参数，应为其中之一：\(m.1)" }
        if let m = message.firstMatch(of: #/^Missing value for '(.+)'$/#) { return "\(m.1) 后面缺少值" }
        if let m = message.firstMatch(of: #/^Unknown option '(.+)'\. Did you mean '(.+)'\?$/#) {
            return "没有 \(m.1) 这个选项；是不是 \(m.2)？"
        }
        if let m = message.firstMatch(of: #/^Unknown option '(.+)'$/#) { return "没有 \(m.1) 这个选项" }
        if let m = message.firstMatch(of: #/^Unexpected argument '(.+)'$/#) { return "多余的参数「\(m.1)」" }
        if let m = message.firstMatch(of: #/^\d+ unexpected arguments: (.+)$/#) { return "多余的参数：\(m.1)" }
        if let m = message.firstMatch(of: #/^The option '(.+)' does not take any value, but '(.*)' was specified\.$/#) {
            return "\(m.1) 不带值（写了「\(m.2)」）"
        }
        if message.hasPrefix("Value to be set with") { return "同一个选项写了两次" }
        if message == "Missing required subcommand." { return "缺少子命令" }
        if let m = message.firstMatch(of: #/^Invalid option: (.+)$/#) { return "无效的选项 \(m.1)" }
        return message
    }

    /// What an option accepts, for a value the parser refused: the typed words, a date, a number.
    static func accepted(for option: String, value bad: String) -> String {
        let name = option.firstMatch(of: #/<(.+)>/#).map { String($0.1) } ?? ""
        if let refusal = ArgumentNames.refusals[name] { return refusal(bad) }
        switch name {
        case ArgumentNames.count, ArgumentNames.days, ArgumentNames.seconds, ArgumentNames.port:
            return "「\(bad)」不是数字"
        default: return "「\(bad)」不是可用的值"
        }
    }
}
