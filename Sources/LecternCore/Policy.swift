/// What an upload must be to go to review: the county's rules as a plain value, loaded from
/// the library's `lectern.toml`. Each rule is a small pure function of a `MediaInfo`.
public struct Policy: Sendable, Equatable {
    public struct DurationBounds: Sendable, Equatable {
        public var minSeconds: Double
        public var maxSeconds: Double
        public init(minSeconds: Double, maxSeconds: Double) {
            self.minSeconds = minSeconds
            self.maxSeconds = maxSeconds
        }
    }

    /// 3–20 minutes: "短则三五分钟，长则不超过二十分钟".
    public var duration = DurationBounds(minSeconds: 180, maxSeconds: 1200)
    /// Per-organisation bounds (a branch that wants 10–15 minutes), by organisation id or name;
    /// the nearest organisation up the tree that has one wins.
    public var organisationDurations: [String: DurationBounds] = [:]
    public var requireAudio = true
    /// Lectures recorded as sound only are accepted (「录制微党课视频或音频」): they are checked
    /// on length and sound, and compared with every lecture's sound. Off by default.
    public var allowAudioOnly = false
    /// The picture's shorter side, in pixels (360 for "360p"; a portrait phone video counts its width).
    public var minHeight = 360
    /// Durations are compared with this slack: a 20:00.008 file passes, 20:01 does not.
    public var toleranceSeconds = 0.5

    public init() {}

    /// The kinds of item (微党课, 教育片, …), each with its own bounds; the lecture's are
    /// `duration` and `organisationDurations`.
    public var kinds = ItemKinds()

    /// The bounds that apply to a lecture of `organisations` (ids and names, nearest first).
    public func durationBounds(for organisations: [String]) -> DurationBounds {
        for key in organisations { if let b = organisationDurations[key] { return b } }
        return duration
    }

    /// The bounds for an item of `kind`: a lecture's follow its organisation, another kind's
    /// are the kind's own.
    public func durationBounds(for organisations: [String], kind: String) -> DurationBounds {
        kind == ItemKind.lectureCode ? durationBounds(for: organisations) : kinds.kind(code: kind).duration
    }

    /// Every finding for `info`; empty means the file passes.
    public func check(_ info: MediaInfo, organisations: [String] = [], kind: String = ItemKind.lectureCode)
        -> [PolicyFinding]
    {
        PolicyRules.all.flatMap { $0(info, self, durationBounds(for: organisations, kind: kind)) }
    }
}

/// One way a file fails the policy: the rule's name (for scripts) and a message for staff.
public struct PolicyFinding: Codable, Sendable, Equatable {
    public var rule: String
    public var message: String
    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }
}

/// The rules. Each takes the probe result, the policy and the duration bounds that apply.
public enum PolicyRules {
    public typealias Rule = @Sendable (MediaInfo, Policy, Policy.DurationBounds) -> [PolicyFinding]

    public static let all: [Rule] = [duration, durationTrust, video, audio, resolution]

    public static let duration: Rule = { info, policy, bounds in
        guard let d = info.durationSeconds else {
            return [PolicyFinding(rule: "duration", message: "无法读出视频时长")]
        }
        if d < bounds.minSeconds - policy.toleranceSeconds {
            return [
                PolicyFinding(
                    rule: "duration",
                    message: "时长 \(Chinese.duration(d))，短于 \(Chinese.duration(bounds.minSeconds))")
            ]
        }
        if d > bounds.maxSeconds + policy.toleranceSeconds {
            return [
                PolicyFinding(
                    rule: "duration",
                    message: "时长 \(Chinese.duration(d))，超过 \(Chinese.duration(bounds.maxSeconds))")
            ]
        }
        return []
    }

    /// A header that disagrees with the streams, or claims a length the file's size cannot hold.
    public static let durationTrust: Rule = { info, _, _ in
        info.warnings.filter { $0.code == .durationMismatch || $0.code == .durationImplausible }
            .map { PolicyFinding(rule: "durationMismatch", message: $0.message) }
    }

    public static let video: Rule = { info, policy, _ in
        info.video == nil && !policy.allowAudioOnly
            ? [
                PolicyFinding(
                    rule: "video", message: "没有视频画面（只有声音；要接收音频党课，请在 lectern.toml 的 [policy] 中设 allow_audio_only = true）"
                )
            ] : []
    }

    public static let audio: Rule = { info, policy, _ in
        policy.requireAudio && info.audio == nil ? [PolicyFinding(rule: "audio", message: "没有声音（缺少音频）")] : []
    }

    public static let resolution: Rule = { info, policy, _ in
        guard let v = info.video else { return [] }
        let shorter = min(v.width, v.height)
        guard shorter < policy.minHeight else { return [] }
        let (w, h) = v.displaySize
        return [PolicyFinding(rule: "resolution", message: "画面分辨率 \(w)×\(h)，低于 \(policy.minHeight)p")]
    }
}

/// Where a lecture stands in the review (ARCHITECTURE.md, "Review").
public enum ReviewStatus: String, Codable, Sendable, CaseIterable {
    case received, autoRejected, pending, approved, rejected, rectifying, overdue, revoked

    /// The word staff see.
    public var chinese: String {
        switch self {
        case .received: "已接收"
        case .autoRejected: "未通过检查"
        case .pending: "待审核"
        case .approved: "已通过"
        case .rejected: "已退回"
        case .rectifying: "整改中"
        case .overdue: "整改逾期"
        case .revoked: "已撤销"
        }
    }
}

extension PolicyFinding {
    /// Each rule's short name, as summaries and the audit log show it.
    public static let ruleNames = [
        "duration": "时长", "audio": "无声音", "video": "无画面", "resolution": "分辨率",
        "durationMismatch": "时长不可信", "picture": "画面损坏",
    ]
}
