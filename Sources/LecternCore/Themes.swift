/// The library's list of themes (Chengdu's 「6大主题课+N个特色课」): each a name and the other
/// ways staff write it. A lecture's topic is matched to one, so that 「乡村振兴」, 「鄉村振興」 and
/// 「乡村振兴专题」 are one group in menus, reports and search.
public struct Theme: Sendable, Equatable, Hashable {
    public var name: String
    public var aliases: [String]
    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }
}

public struct ThemeList: Sendable, Equatable {
    public var themes: [Theme]
    public init(_ themes: [Theme]) { self.themes = themes }

    /// The six theme courses a library starts with; `[themes."…"]` in lectern.toml replaces them.
    public static let standard = ThemeList([
        Theme(name: "政治理论", aliases: ["理论学习", "党的创新理论", "创新理论", "思想理论"]),
        Theme(name: "党史学习", aliases: ["党史", "党史学习教育", "红色教育", "红色历史", "红色故事"]),
        Theme(name: "党建实务", aliases: ["党建", "组织建设", "支部建设", "党务"]),
        Theme(name: "基层治理", aliases: ["社会治理", "三长制", "为民服务", "基层服务"]),
        Theme(name: "乡村振兴", aliases: ["振兴乡村", "产业振兴", "文旅融合"]),
        Theme(name: "技能素养", aliases: ["技能培训", "实用技术", "科技兴农"]),
    ])

    /// The theme `topic` belongs to, read through `normalise` (the catalog's: traditional →
    /// simplified, case and width folded): a name or alias equal to the topic, else the longest
    /// one the topic contains (「乡村振兴专题」 → 乡村振兴). Nil: the topic is unmatched.
    public func match(_ topic: String, normalise: (String) -> String) -> Theme? {
        let key = compact(normalise(topic))
        guard !key.isEmpty else { return nil }
        var best: (theme: Theme, length: Int)?
        for theme in themes {
            for word in [theme.name] + theme.aliases {
                let w = compact(normalise(word))
                guard !w.isEmpty else { continue }
                if w == key { return theme }
                if key.contains(w), w.count > (best?.length ?? 0) { best = (theme, w.count) }
            }
        }
        return best?.theme
    }

    /// The theme a typed value names (for `theme:` and `--theme`), by the same matching.
    public func named(_ text: String, normalise: (String) -> String) -> Theme? { match(text, normalise: normalise) }

    /// Spaces and marks around words do not separate themes: 「乡村 振兴」 is 「乡村振兴」.
    func compact(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { !" \t\u{3000}·・-—_「」“”\"《》".unicodeScalars.contains($0) }.map(Character.init))
    }

    /// The warning for a topic no theme matched (it is kept as it is).
    public func unmatched(_ topic: String) -> String {
        "主题「\(topic)」没有归入任何专题（\(themes.map(\.name).joined(separator: "、"))），已照原样保存；"
            + "可在 lectern.toml 中给专题加别名（所有没有归入的主题，可用 lectern theme unmatched 一次列出）"
    }

    /// A fingerprint of the list, stored with the lectures' themes so that an edited list
    /// re-matches every topic once.
    public var signature: String {
        themes.map { ([$0.name] + $0.aliases).joined(separator: ",") }.joined(separator: ";")
    }
}
