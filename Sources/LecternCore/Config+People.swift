/// `[panel]` and `[points]` in lectern.toml: how the panel scores, and what lecturing and
/// taking part earn.
public struct PanelRules: Sendable, Equatable {
    /// false: a reviewer may not score a lecture of their own organisation (or below it).
    public var ownOrganisation = true
    public init() {}
}

/// Points per event (「把讲“微党课”纳入党员积分管理」). Derived from the records, never typed in.
public struct PointRules: Sendable, Equatable {
    public enum Event: String, CaseIterable, Sendable {
        case approvedLecture = "approved_lecture"
        case deliveredOrder = "delivered_order"
        case excellentLecture = "excellent_lecture"
        case activitySpeaker = "activity_speaker"
        case attendedActivity = "attended_activity"

        public var chinese: String {
            switch self {
            case .approvedLecture: "微党课审核通过"
            case .deliveredOrder: "点单送课"
            case .excellentLecture: "优秀微党课"
            case .activitySpeaker: "主题党日讲党课"
            case .attendedActivity: "参加主题党日"
            }
        }
    }
    public var points: [Event: Double] = [
        .approvedLecture: 5, .deliveredOrder: 3, .excellentLecture: 10, .activitySpeaker: 2, .attendedActivity: 1,
    ]
    public init() {}
    public subscript(_ e: Event) -> Double { points[e] ?? 0 }
}

extension LibraryConfig {
    static func parsePanelAndPoints(_ t: [[String]: [String: Entry]], into config: inout LibraryConfig)
        throws(ParseError)
    {
        if let v = try bool(t[["panel"]] ?? [:], "own_organisation") { config.panel.ownOrganisation = v }
        let points = t[["points"]] ?? [:]
        for event in PointRules.Event.allCases {
            if let v = try number(points, event.rawValue) {
                guard v >= 0 else {
                    throw ParseError(line: points[event.rawValue]?.line ?? 0, reason: "\(event.rawValue) 不能是负数")
                }
                config.points.points[event] = v
            }
        }
    }

    static let panelAndPointsText = """
        # 评选小组评分：own_organisation = false 时，审核员不能给本组织（及下级）的微党课评分
        [panel]
        own_organisation = true

        # 党员积分：按记录自动计算（lectern points），不用手填
        [points]
        approved_lecture = 5    # 主讲的微党课审核通过
        delivered_order = 3     # 点单送课，送到一次
        excellent_lecture = 10  # 主讲的微党课评为优秀
        activity_speaker = 2    # 在主题党日上讲党课（点单送课除外）
        attended_activity = 1   # 参加一次主题党日（按参加人员名单）

        """
}
