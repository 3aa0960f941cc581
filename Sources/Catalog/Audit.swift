import Crypto
import Foundation
import GRDB
import LecternCore
import SQLStore

/// The audit log: append-only, each event carrying the hash of the one before and of its own
/// content, so that an edited history is detected (`verifyAuditChain`).
extension AuditEventRecord {
    static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and every field but the id, in a fixed order.
    func computedHash() -> String {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            prevHash, String(millis), actor, action, lectureId.map(String.init) ?? "",
            versionId.map(String.init) ?? "", fromState ?? "", toState ?? "", reasons, note,
        ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8))
        return digest.hexDigits
    }

    /// Appends an event after the current last one, inside the caller's transaction.
    @discardableResult
    static func append(
        _ s: any SQLSession, at: Date, actor: String, action: String, lectureId: Int64?, versionId: Int64?,
        from: String?, to: String?, reasons: [String] = [], note: String = ""
    ) throws -> AuditEventRecord {
        // SQLite has one writer at a time: the last event is the head. On PostgreSQL the head
        // row is locked, so appends from many hosts follow one another, numbered without a gap.
        var prev = genesis, id: Int64?
        switch s.dialect {
        case .sqlite:
            prev = try s.scalar(String.self, "SELECT hash FROM auditEvent ORDER BY id DESC LIMIT 1") ?? genesis
        case .postgres:
            guard let head = try s.row("SELECT lastId, hash FROM auditHead WHERE one = 1 FOR UPDATE") else {
                throw CatalogError(.database, "审计记录的链头不见了（auditHead）")
            }
            prev = try head.get("hash")
            id = try head.get("lastId", as: Int64.self) + 1
        }
        // Millisecond precision, as the hash sees it: what is stored hashes the same when read back.
        let stamp = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        var event = AuditEventRecord(
            id: id, at: stamp, actor: actor, action: action, lectureId: lectureId,
            versionId: versionId, fromState: from, toState: to,
            reasons: reasons.joined(separator: ","), note: note, prevHash: prev, hash: "")
        event.hash = event.computedHash()
        event.id = try s.scalar(
            Int64.self,
            """
            INSERT INTO auditEvent (id, at, actor, action, lectureId, versionId, fromState, toState, reasons, note,
                prevHash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, event.id, event.at, event.actor, event.action, event.lectureId, event.versionId, event.fromState,
            event.toState, event.reasons, event.note, event.prevHash, event.hash)
        if s.dialect == .postgres {
            try s.execute("UPDATE auditHead SET lastId = ?, hash = ? WHERE one = 1", event.id, event.hash)
        }
        return event
    }

    init(_ row: SQLRow) throws {
        self.init(
            id: try row.get("id"), at: try row.get("at"), actor: try row.get("actor"), action: try row.get("action"),
            lectureId: try row.optional("lectureId"), versionId: try row.optional("versionId"),
            fromState: try row.optional("fromState"), toState: try row.optional("toState"),
            reasons: try row.get("reasons"), note: try row.get("note"), prevHash: try row.get("prevHash"),
            hash: try row.get("hash"))
    }

    static let columns =
        "id, at, actor, action, lectureId, versionId, fromState, toState, reasons, note, prevHash, hash"
}

extension Catalog {
    /// Walks the audit chain; the id of the first event whose hash no longer matches, or nil.
    public func firstBrokenAuditEvent() throws -> Int64? {
        try store.read { s in
            var prev = AuditEventRecord.genesis
            for row in try s.rows("SELECT \(AuditEventRecord.columns) FROM auditEvent ORDER BY id") {
                let event = try AuditEventRecord(row)
                if event.prevHash != prev || event.computedHash() != event.hash { return event.id }
                prev = event.hash
            }
            return nil
        }
    }

    /// A lecture's audit events, oldest first.
    public func auditEvents(lectureId: Int64) throws -> [AuditEventRecord] {
        try store.read { s in
            try s.rows("SELECT \(AuditEventRecord.columns) FROM auditEvent WHERE lectureId = ? ORDER BY id", lectureId)
                .map(AuditEventRecord.init)
        }
    }

    public func auditEventCount() throws -> Int {
        try store.read { s in try s.scalar(Int.self, "SELECT COUNT(*) FROM auditEvent") ?? 0 }
    }

    /// A number that grows with every change to the catalog (each is an audit event): what a
    /// cached page is checked against; on either engine, the chain's last id.
    public func changeCounter() throws -> Int64 {
        try store.read { s in try s.scalar(Int64.self, "SELECT coalesce(MAX(id), 0) FROM auditEvent") ?? 0 }
    }
}

extension AuditEventRecord {
    /// Who acted, as staff read it: a user's name, 本机管理员 (no users yet), 系统 (the
    /// catalog itself, marking a deadline passed).
    public var actorChinese: String { Self.actorChinese(actor) }

    public static func actorChinese(_ actor: String) -> String {
        switch actor {
        case "local": "本机管理员"
        case "system": "系统"
        default: actor
        }
    }

    /// The action as staff read it in `show` and on the web desk.
    public var actionChinese: String {
        Self.actionNames[action] ?? ReviewAction(rawValue: action)?.chinese ?? action
    }

    /// "待审核 → 已通过".
    public var stateChangeChinese: String {
        [fromState, toState].compactMap { $0.flatMap { ReviewStatus(rawValue: $0)?.chinese ?? $0 } }.joined(
            separator: " → ")
    }

    /// The reasons: the county's reason codes, or the policy rules a resubmitted file failed.
    public var reasonsChinese: [String] {
        reasons.split(separator: ",").map {
            ReasonCode(rawValue: String($0))?.chinese ?? PolicyFinding.ruleNames[String($0)] ?? String($0)
        }
    }

    static let actionNames = [
        "ingest": "导入", "edit": "修改信息", "importOrganisations": "导入组织", "spotCheck": "抽查",
        "refused": "拒绝（无权限）", "userAdd": "添加用户", "login": "登录", "logout": "退出登录", "passwordSet": "设置密码",
        "interview": "约谈", "activity": "主题党日记录", "filmPlan": "教育片清单", "personAdd": "登记人员", "personEdit": "修改人员",
        "personMerge": "合并人员", "memberCount": "党员人数", "order": "点单", "score": "评分", "attach": "附上文档",
        "reference": "载入参考资料", "scriptMatch": "讲稿比对",
    ]
}
