/// `[kinds."教育片"]` and `[themes."乡村振兴"]` in lectern.toml.
extension LibraryConfig {
    static func parseKinds(_ t: [[String]: [String: Entry]], into config: inout LibraryConfig) throws(ParseError) {
        var kinds = ItemKinds()
        // The lecture's bounds are [policy]'s.
        var lecture = kinds.lecture
        lecture.duration = config.policy.duration
        kinds.set(lecture)
        for (path, table) in t.sorted(by: { $0.key.joined() < $1.key.joined() })
        where path.count == 2 && path[0] == "kinds" {
            let name = path[1]
            let code = try string(table, "code")
            var kind =
                kinds.named(code ?? name)
                ?? ItemKind(code: code ?? name, name: name, duration: ItemKind.film.duration)
            if kind.isLecture, table["min_duration_seconds"] != nil || table["max_duration_seconds"] != nil {
                throw ParseError(
                    line: (table["min_duration_seconds"] ?? table["max_duration_seconds"])?.line ?? 0,
                    reason: "微党课的时长写在 [policy] 中（min_duration_seconds、max_duration_seconds）")
            }
            kind.name = name
            if let v = try number(table, "min_duration_seconds") { kind.duration.minSeconds = v }
            if let v = try number(table, "max_duration_seconds") { kind.duration.maxSeconds = v }
            if let v = try bool(table, "speaker_required") { kind.speakerRequired = v }
            if let v = try bool(table, "rectification") { kind.rectification = v }
            if let v = try string(table, "aliases") { kind.aliases = list(v) }
            kinds.set(kind)
        }
        config.policy.kinds = kinds
    }

    static func parseThemes(_ t: [[String]: [String: Entry]], into config: inout LibraryConfig) throws(ParseError) {
        if let named = try namedAliases(t, under: ["themes"]) {
            config.themes = ThemeList(named.map { Theme(name: $0.name, aliases: $0.aliases) })
        }
    }

    static func parsePersonRoles(_ t: [[String]: [String: Entry]], into config: inout LibraryConfig)
        throws(ParseError)
    {
        if let named = try namedAliases(t, under: ["people", "roles"]) {
            config.personRoles = PersonRoles(named.map { PersonRole(name: $0.name, aliases: $0.aliases) })
        }
    }

    /// The tables `[prefix."name"]`, each a name and its `aliases`, in the order they are
    /// written (as staff listed them); nil when there are none (the defaults stand).
    static func namedAliases(_ t: [[String]: [String: Entry]], under prefix: [String]) throws(ParseError)
        -> [(name: String, aliases: [String])]?
    {
        let tables = t.filter { $0.key.count == prefix.count + 1 && Array($0.key.prefix(prefix.count)) == prefix }
        guard !tables.isEmpty else { return nil }
        var named: [(line: Int, name: String, aliases: [String])] = []
        for (path, table) in tables {
            let line = table.values.map(\.line).min() ?? 0
            named.append((line, path[prefix.count], try string(table, "aliases").map(list) ?? []))
        }
        return named.sorted { $0.line < $1.line || ($0.line == $1.line && $0.name < $1.name) }.map {
            ($0.name, $0.aliases)
        }
    }

    static func string(_ table: [String: Entry], _ key: String) throws(ParseError) -> String? {
        guard let v = table[key] else { return nil }
        guard case .string(let text) = v.value else {
            throw ParseError(line: v.line, reason: "\(key) 应为带引号的文字，如 \(key) = \"…\"")
        }
        return text
    }

    static func bool(_ table: [String: Entry], _ key: String) throws(ParseError) -> Bool? {
        guard let v = table[key] else { return nil }
        guard let b = v.value.bool else { throw ParseError(line: v.line, reason: "\(key) 应为 true 或 false") }
        return b
    }

    /// 「a,b」「a，b」「a、b」.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" || $0 == ";" || $0 == "；" })
            .map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
    }

    /// The kinds and themes part of the file `lectern init` writes.
    static let kindsAndThemesText = """
        # 节目类型：微党课（默认）、教育片，也可以再加。每种类型有自己的时长要求；
        # rectification = false 的类型不走限期整改，只能通过、退回或撤销通过
        [kinds."教育片"]
        code = "film"
        min_duration_seconds = "5分钟"
        max_duration_seconds = "120分钟"
        speaker_required = false
        rectification = false
        aliases = "电教片,電教片,党员教育片,黨員教育片"

        # 主题：导入和修改时，节目的主题按下面的名称和别名归类（简繁体、别名、含有该名称均可），
        # 报表、菜单和搜索（theme:乡村振兴）按主题分组。特色课照样加一节，例如：
        # [themes."廉洁教育"]
        # aliases = "警示教育,廉政"
        [themes."政治理论"]
        aliases = "理论学习,党的创新理论,创新理论,思想理论"
        [themes."党史学习"]
        aliases = "党史,党史学习教育,红色教育,红色历史,红色故事"
        [themes."党建实务"]
        aliases = "党建,组织建设,支部建设,党务"
        [themes."基层治理"]
        aliases = "社会治理,三长制,为民服务,基层服务"
        [themes."乡村振兴"]
        aliases = "振兴乡村,产业振兴,文旅融合"
        [themes."技能素养"]
        aliases = "技能培训,实用技术,科技兴农"

        """
}
