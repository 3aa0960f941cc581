import Foundation
import LecternCore
import SQLStore

/// A file waiting in, or gone through, the ingest queue several hosts share (`lectern queue`).
public struct IngestJob: Codable, Sendable, Equatable {
    public var id: Int64
    public var path: String
    /// The spreadsheet that describes it, when the upload came with one.
    public var manifest: String?
    /// Who enqueued it: what its catalog write is done as.
    public var actor: String
    public var state: JobState
    public var attempts: Int
    /// The host that holds (or last held) it.
    public var host: String?
    public var enqueuedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// `FileOutcome`'s raw value once done: ingested, duplicate, failed.
    public var outcome: String?
    public var lectureId: Int64?
    public var error: String?
}

public enum JobState: String, Codable, Sendable, CaseIterable {
    case queued, running, done, failed
    public var chinese: String {
        switch self {
        case .queued: "排队中"
        case .running: "处理中"
        case .done: "已完成"
        case .failed: "失败"
        }
    }
}

/// A job this host holds: its `token` fences the commit, so that a host whose lease ran out
/// (it stalled, its link went down) cannot write what another host has taken over.
public struct JobClaim: Sendable, Equatable {
    public var id: Int64
    public var token: String
    public var path: String
    public var manifest: String?
    public var actor: String
    public var attempts: Int
}

/// The claim was lost: its lease ran out and the job was given to another host (or retried).
public struct JobLeaseLost: Error, CustomStringConvertible {
    public var job: Int64
    public var description: String { "任务 #\(job) 的租约已过期，已交给其他主机处理，本机的结果没有写入" }
}

extension Catalog {
    /// How long a claim lasts without a heartbeat (the heartbeat renews it every third of it).
    public static let jobLease: Double = 60
    /// A job is tried this many times (a host that died holding it counts as a try).
    public static let jobAttempts = 3
    /// The channel `lectern work` listens on for new jobs.
    public static let jobChannel = "lectern_jobs"

    /// Calls `wake` when a job is enqueued or retried anywhere (PostgreSQL's NOTIFY); nil on
    /// SQLite, where the worker polls.
    public func listenForJobs(_ wake: @escaping @Sendable () -> Void) throws -> SQLListener? {
        try store.listen(Self.jobChannel, wake)
    }

    /// Puts files in the queue, one job each, and wakes the idle hosts; their ids.
    public func enqueue(_ paths: [String], manifest: String?, actor: String, arguments: String, now: Date) throws
        -> [Int64]
    {
        try authorize(actor, .ingest, lectureId: nil, now: now)
        return try store.write { s in
            let ids = try paths.map { path in
                try s.scalar(
                    Int64.self,
                    """
                    INSERT INTO ingestJob (path, manifest, actor, arguments, enqueuedAt) VALUES (?, ?, ?, ?, ?)
                    RETURNING id
                    """, path, manifest, actor, arguments, now) ?? 0
            }
            if s.dialect == .postgres { try s.execute("NOTIFY \(Self.jobChannel)", []) }
            return ids
        }
    }

    /// Whether hosts share this catalog's queue (PostgreSQL): a plain `lectern ingest` then puts
    /// its uploads in the queue too, as jobs it holds itself (`enqueueClaimed`).
    public var sharesQueue: Bool { store.dialect == .postgres }

    /// Puts files in the queue as jobs `host` already holds, for `lease` seconds on the
    /// database's clock, in the order given: what `lectern ingest` works itself, in process. If
    /// the host stops before it finishes them, their leases run out and any host's
    /// `lectern work` takes them over; so no host is woken now.
    public func enqueueClaimed(
        _ paths: [String], host: String, lease: Double = jobLease, manifest: String?, actor: String,
        arguments: String, now: Date
    ) throws -> [JobClaim] {
        try authorize(actor, .ingest, lectureId: nil, now: now)
        return try store.write { s in
            try paths.map { path in
                let token = UUID().uuidString
                let id =
                    try s.scalar(
                        Int64.self,
                        """
                        INSERT INTO ingestJob (path, manifest, actor, arguments, enqueuedAt, state, host, token, attempts,
                            startedAt, leaseUntil)
                        VALUES (?, ?, ?, ?, ?, 'running', ?, ?, 1, ?, \(s.dialect.epochNow) + ?) RETURNING id
                        """, path, manifest, actor, arguments, now, host, token, now, lease) ?? 0
                return JobClaim(id: id, token: token, path: path, manifest: manifest, actor: actor, attempts: 1)
            }
        }
    }

    /// Claims the oldest job no host holds (or whose holder's lease ran out), for `lease`
    /// seconds on the database's clock; nil when there is none. Jobs tried `jobAttempts` times
    /// are failed, with the reason, instead of being claimed again.
    public func claimJob(host: String, lease: Double = jobLease, now: Date) throws -> JobClaim? {
        let token = UUID().uuidString
        let clock = store.dialect.epochNow
        return try store.write(isolation: .readCommitted) { s in
            try s.execute(
                """
                UPDATE ingestJob SET state = 'failed', finishedAt = ?, leaseUntil = NULL,
                    error = '试了 \(Self.jobAttempts) 次都没有完成（处理它的主机中途停止或断开）'
                WHERE state = 'running' AND leaseUntil < \(clock) AND attempts >= ?
                """, now, Self.jobAttempts)
            let skip = s.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            guard
                let row = try s.row(
                    """
                    UPDATE ingestJob SET state = 'running', host = ?, token = ?, attempts = attempts + 1, startedAt = ?,
                        leaseUntil = \(clock) + ?
                    WHERE id = (SELECT id FROM ingestJob
                        WHERE state = 'queued' OR (state = 'running' AND leaseUntil < \(clock))
                        ORDER BY id LIMIT 1\(skip))
                    RETURNING id, path, manifest, actor, attempts
                    """, host, token, now, lease)
            else { return nil }
            return JobClaim(
                id: try row.get("id"), token: token, path: try row.get("path"), manifest: try row.optional("manifest"),
                actor: try row.get("actor"), attempts: try row.get("attempts"))
        }
    }

    /// The heartbeat: the claim lasts `lease` more seconds. False when it was lost.
    public func renew(_ claim: JobClaim, lease: Double = jobLease) throws -> Bool {
        try store.write(isolation: .readCommitted) { s in
            try s.scalar(
                Int64.self,
                """
                UPDATE ingestJob SET leaseUntil = \(s.dialect.epochNow) + ?
                WHERE id = ? AND token = ? AND state = 'running' RETURNING id
                """, lease, claim.id, claim.token) != nil
        }
    }

    /// The heartbeat of many claims in one statement: each still held lasts `lease` more
    /// seconds. How many were.
    @discardableResult
    public func renew(_ claims: [JobClaim], lease: Double = jobLease) throws -> Int {
        guard !claims.isEmpty else { return 0 }
        let tokens = String(decoding: try JSONEncoder().encode(claims.map(\.token)), as: UTF8.self)
        return try store.write(isolation: .readCommitted) { s in
            try s.rows(
                """
                UPDATE ingestJob SET leaseUntil = \(s.dialect.epochNow) + ?
                WHERE state = 'running' AND \(s.dialect.among("id")) AND token IN (\(s.dialect.jsonValues(.text)))
                RETURNING id
                """, [.real(lease), s.dialect.ids(claims.map(\.id)), .text(tokens)]
            ).count
        }
    }

    /// Ends a job this host holds: done (ingested, duplicate) or failed with the reason. Throws
    /// `JobLeaseLost` when the claim is no longer this host's: nothing is written.
    public func finishJob(_ claim: JobClaim, outcome: String, lectureId: Int64?, error: String?, now: Date) throws {
        try store.write { s in
            try Self.finishJob(s, claim, outcome: outcome, lectureId: lectureId, error: error, now: now)
        }
    }

    /// The same inside the caller's transaction (the catalog write of the file it ingested).
    static func finishJob(
        _ s: any SQLSession, _ claim: JobClaim, outcome: String, lectureId: Int64?, error: String?, now: Date
    ) throws {
        let finished = try s.scalar(
            Int64.self,
            """
            UPDATE ingestJob SET state = ?, outcome = ?, lectureId = ?, error = ?, finishedAt = ?, leaseUntil = NULL
            WHERE id = ? AND token = ? AND state = 'running' AND leaseUntil >= \(s.dialect.epochNow) RETURNING id
            """, error == nil ? JobState.done.rawValue : JobState.failed.rawValue, outcome, lectureId, error, now,
            claim.id, claim.token)
        guard finished != nil else { throw JobLeaseLost(job: claim.id) }
    }

    /// Jobs, newest first: of one state when given, of these ids when given.
    public func jobs(state: JobState? = nil, ids: [Int64]? = nil, limit: Int = 200) throws -> [IngestJob] {
        try store.read { s in
            var conditions: [String] = [], args: [SQLValue] = []
            if let state {
                conditions.append("state = ?")
                args.append(.text(state.rawValue))
            }
            if let ids {
                conditions.append("id IN (\(s.dialect.jsonValues(.integer)))")
                args.append(.text(String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)))
            }
            let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try s.rows(
                """
                SELECT id, path, manifest, actor, state, attempts, host, enqueuedAt, startedAt, finishedAt, outcome,
                    lectureId, error FROM ingestJob\(filter) ORDER BY id DESC LIMIT ?
                """, args + [.integer(Int64(limit))]
            ).map { try $0.decode(IngestJob.self) }
        }
    }

    /// How many jobs are in each state.
    public func jobCounts() throws -> [JobState: Int] {
        try store.read { s in
            var out: [JobState: Int] = [:]
            for row in try s.rows("SELECT state, COUNT(*) AS n FROM ingestJob GROUP BY state") {
                if let state = JobState(rawValue: try row.get("state")) { out[state] = try row.get("n") }
            }
            return out
        }
    }

    /// Puts failed jobs (these, or all) back in the queue, their tries counted afresh; their ids.
    public func retryJobs(_ ids: [Int64]?, actor: String, now: Date) throws -> [Int64] {
        try authorize(actor, .ingest, lectureId: nil, now: now)
        return try store.write { s in
            let which = ids == nil ? "" : " AND id IN (\(s.dialect.jsonValues(.integer)))"
            let args: [SQLValue] =
                try ids.map { [.text(String(decoding: try JSONEncoder().encode($0), as: UTF8.self))] } ?? []
            let retried = try s.rows(
                """
                UPDATE ingestJob SET state = 'queued', attempts = 0, error = NULL, outcome = NULL, host = NULL,
                    token = NULL, leaseUntil = NULL, finishedAt = NULL
                WHERE state = 'failed'\(which) RETURNING id
                """, args
            ).map { try $0.get("id", as: Int64.self) }
            if s.dialect == .postgres, !retried.isEmpty { try s.execute("NOTIFY \(Self.jobChannel)", []) }
            return retried.sorted()
        }
    }
}

extension SQLDialect {
    /// The database's clock, seconds since 1970: what a lease is measured on, the same for
    /// every host whatever its own clock says.
    var epochNow: String {
        switch self {
        case .sqlite: "((julianday('now') - 2440587.5) * 86400.0)"
        case .postgres: "EXTRACT(EPOCH FROM clock_timestamp())"
        }
    }
}
