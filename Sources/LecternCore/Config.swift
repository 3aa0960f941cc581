/// The library's `lectern.toml`: the subset of TOML it uses (tables, quoted table keys,
/// strings, numbers, booleans, comments), parsed without a dependency.
public struct LibraryConfig: Sendable, Equatable {
    public var policy = Policy()
    /// Worker processes for ingest; nil: the number of cores.
    public var jobs: Int?
    /// Per-file deadline, seconds.
    public var timeoutSeconds = 60.0
    public var thumbnailCount = 8
    public var thumbnailWidth = 320
    public var reports = ReportSettings()
    /// A rectification deadline further away than this is said (CLI) or confirmed (desk).
    public var deadlineWarningDays = 90
    /// A recorded date more than this many days before the upload is a finding.
    public var recordedBeforeUploadDays = 60
    /// `[themes."…"]`: the themes topics are grouped by.
    public var themes = ThemeList.standard
    /// `[people.roles."…"]`: what a person in the register is.
    public var personRoles = PersonRoles.standard
    /// `[panel]` and `[points]`.
    public var panel = PanelRules()
    public var points = PointRules()
    /// `catalog = "postgres://user@host/db"`: the catalog lives in PostgreSQL (several ingest
    /// hosts and desks); nil: `catalog.sqlite` in the library folder.
    public var catalog: String?

    public init() {}

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var reason: String
        public var description: String { "第 \(line) 行：\(reason)" }
    }

    public enum Value: Equatable, Sendable {
        case string(String), number(Double), bool(Bool)
        var number: Double? { if case .number(let n) = self { n } else { nil } }
        var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    }

    /// Key-value pairs by table path (["policy"], ["policy", "organisations", "桃源县"]).
    public static func tables(_ text: String) throws(ParseError) -> [[String]: [String: Value]] {
        try entries(text).mapValues { $0.mapValues(\.value) }
    }

    /// A value and the line it is on.
    struct Entry {
        var value: Value
        var line: Int
    }

    static func entries(_ text: String) throws(ParseError) -> [[String]: [String: Entry]] {
        var tables: [[String]: [String: Entry]] = [[]: [:]]
        var current: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(raw)).trimmingCharacters(in: " \t\r")
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw ParseError(line: n + 1, reason: "表头写法不对：\(line)")
                }
                current = try splitKey(String(line.dropFirst().dropLast()), line: n + 1)
                tables[current, default: [:]] = tables[current] ?? [:]
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ParseError(line: n + 1, reason: "应为 键 = 值：\(line)")
            }
            let key = try splitKey(String(line[..<eq]), line: n + 1)
            let value = try parseValue(
                String(line[line.index(after: eq)...]).trimmingCharacters(in: " \t"), line: n + 1)
            tables[current + key.dropLast(), default: [:]][key.last ?? ""] = Entry(value: value, line: n + 1)
        }
        return tables
    }

    /// Reads the settings Lectern knows; unknown keys are ignored, wrong types are errors.
    public static func parse(_ text: String) throws(ParseError) -> LibraryConfig {
        let t = try entries(text)
        var config = LibraryConfig()
        let policy = t[["policy"]] ?? [:]
        if let v = try number(policy, "min_duration_seconds") { config.policy.duration.minSeconds = v }
        if let v = try number(policy, "max_duration_seconds") { config.policy.duration.maxSeconds = v }
        if let v = try number(policy, "min_height") { config.policy.minHeight = Int(v) }
        if let v = try number(policy, "tolerance_seconds") { config.policy.toleranceSeconds = v }
        if let v = policy["allow_audio_only"] {
            guard let b = v.value.bool else {
                throw ParseError(line: v.line, reason: "allow_audio_only 应为 true 或 false")
            }
            config.policy.allowAudioOnly = b
        }
        if let v = policy["require_audio"] {
            guard let b = v.value.bool else { throw ParseError(line: v.line, reason: "require_audio 应为 true 或 false") }
            config.policy.requireAudio = b
        }
        for (path, table) in t where path.count == 3 && path[0] == "policy" && path[1] == "organisations" {
            var bounds = config.policy.duration
            if let v = try number(table, "min_duration_seconds") { bounds.minSeconds = v }
            if let v = try number(table, "max_duration_seconds") { bounds.maxSeconds = v }
            config.policy.organisationDurations[path[2]] = bounds
        }
        try parseKinds(t, into: &config)
        try parseThemes(t, into: &config)
        try parsePersonRoles(t, into: &config)
        try parsePanelAndPoints(t, into: &config)
        if let v = t[[]]?["catalog"] {
            guard case .string(let text) = v.value, text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
            else {
                throw ParseError(
                    line: v.line,
                    reason: "catalog 应为带引号的 PostgreSQL 地址，如 catalog = \"postgres://lectern@db.example/lectern\"")
            }
            config.catalog = text
        }
        let ingest = t[["ingest"]] ?? [:]
        if let v = try number(ingest, "jobs"), v >= 1 { config.jobs = Int(v) }
        if let v = try number(ingest, "timeout_seconds"), v > 0 { config.timeoutSeconds = v }
        if let v = try number(ingest, "thumbnail_count"), v >= 1 { config.thumbnailCount = Int(v) }
        if let v = try number(ingest, "thumbnail_width"), v >= 16 { config.thumbnailWidth = Int(v) }
        if let v = try number(t[["review"]] ?? [:], "deadline_warning_days"), v >= 1 {
            config.deadlineWarningDays = Int(v)
        }
        if let v = try number(t[["review"]] ?? [:], "recorded_before_upload_days"), v >= 1 {
            config.recordedBeforeUploadDays = Int(v)
        }
        let reports = t[["reports"]] ?? [:]
        if let v = try number(reports, "pending_days"), v >= 1 { config.reports.pendingDays = Int(v) }
        if let v = try number(reports, "due_within_days"), v >= 1 { config.reports.dueWithinDays = Int(v) }
        if let v = try number(reports, "excellent_min_score") { config.reports.excellentMinimum = v }
        if let v = reports["special_keywords"] {
            guard case .string(let text) = v.value else {
                throw ParseError(line: v.line, reason: "special_keywords 应为带引号的文字，如 special_keywords = \"七一,建党\"")
            }
            config.reports.specialKeywords = text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" })
                .map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        }
        return config
    }

    static func number(_ table: [String: Entry], _ key: String) throws(ParseError) -> Double? {
        guard let v = table[key] else { return nil }
        if let n = v.value.number { return n }
        // Lengths of time may be written as staff say them: "3分钟", "90秒", "1h".
        if key.hasSuffix("_seconds"), case .string(let text) = v.value, let n = TypedDuration.seconds(text) {
            return n
        }
        throw ParseError(
            line: v.line,
            reason: key.hasSuffix("_seconds")
                ? "\(key) 应为秒数或时长，如 \(key) = 180 或 \(key) = \"3分钟\""
                : "\(key) 应为数字，如 \(key) = 7")
    }

    static func stripComment(_ line: String) -> String {
        var inString = false
        for (i, ch) in line.enumerated() {
            if ch == "\"" { inString.toggle() }
            if ch == "#" && !inString { return String(line.prefix(i)) }
        }
        return line
    }

    static func splitKey(_ text: String, line: Int) throws(ParseError) -> [String] {
        var parts: [String] = [], current = "", quoted = false
        for ch in text.trimmingCharacters(in: " \t") {
            if ch == "\"" { quoted.toggle(); continue }
            if ch == "." && !quoted {
                parts.append(current.trimmingCharacters(in: " \t"))
                current = ""
                continue
            }
            current.append(ch)
        }
        parts.append(current.trimmingCharacters(in: " \t"))
        if quoted || parts.contains(where: \.isEmpty) { throw ParseError(line: line, reason: "键写法不对：\(text)") }
        return parts
    }

    static func parseValue(_ text: String, line: Int) throws(ParseError) -> Value {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
            return .string(String(text.dropFirst().dropLast()))
        }
        if let n = Double(String(text.filter { $0 != "_" })) { return .number(n) }
        throw ParseError(line: line, reason: "无法识别的值：\(text)")
    }

    /// The file `lectern init` writes: every setting with its default, commented in Chinese.
    public static let defaultText = """
        # Lectern 资料库配置（修改后对之后的导入生效）

        [policy]
        # 时长要求（秒）：默认 3–20 分钟
        min_duration_seconds = 180
        max_duration_seconds = 1200
        # 比较时长时允许的误差（秒）：20分0.3秒 视为 20 分钟
        tolerance_seconds = 0.5
        # 必须有声音
        require_audio = true
        # 接收只有声音的党课（录制微党课视频或音频）：查时长和声音，并与所有节目的声音比对
        allow_audio_only = false
        # 画面短边至少多少像素（360 即 360p）
        min_height = 360

        # 某个组织（及其下级）另有时长要求时，按组织编号或名称写一节，例如：
        # [policy.organisations."桃源县"]
        # min_duration_seconds = 600
        # max_duration_seconds = 900

        \(kindsAndThemesText)
        \(panelAndPointsText)
        [ingest]
        # 同时处理的文件数（默认为 CPU 核数）
        # jobs = 2
        # 单个文件最长处理时间（秒），超时视为损坏
        timeout_seconds = 60
        thumbnail_count = 8
        thumbnail_width = 320

        [review]
        # 整改期限超过今天起多少天时提醒（网页审核台要求确认）
        deadline_warning_days = 90
        # 录制日期比上传早多少天以上时，提醒审核员核实
        recorded_before_upload_days = 60

        [reports]
        # 每周提醒：待审核超过多少天列出
        pending_days = 7
        # 每周提醒：多少天内到期的整改列出
        due_within_days = 7
        # 七一专题党课：标题、主题或标签中含这些词，且在 6–7 月举办
        special_keywords = "七一,建党,党的生日"
        # 季度优秀微党课：四项评分平均不低于
        excellent_min_score = 8.5

        """
}

/// `[reports]` in lectern.toml.
public struct ReportSettings: Sendable, Equatable {
    public var pendingDays = 7
    public var dueWithinDays = 7
    public var specialKeywords = ["七一", "建党", "党的生日"]
    public var excellentMinimum = 8.5
    public init() {}
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
