import Catalog
import Foundation
import LecternCore
import Workers

// The map of ingest. For each file, on a pool thread with its own worker:
//   1. store   (worker) probe, then hash+copy into tmp/ in one pass; a file FFmpeg can't read stops here
//   2. dedupe  the hash already catalogued → `duplicate`, the copy is dropped
//   3. place   (worker) rename into media/ab/<sha>.ext, frames into thumbs/<sha>/
// Then, one file at a time on the single writer:
//   4. describe  manifest row > sidecar NAME.json > container tags > file name 组织-主讲人-标题
//   5. policy    duration, video, audio, resolution, trustworthy duration → findings
//   6. compare   fingerprint against the catalog's → near-duplicates
//   7. catalog   one transaction: lecture, version, frames, audit event
// With --dry-run only the probe runs and nothing is written.

/// What the pool threads hand to the writer for one file.
enum StageResult: Sendable {
    case failed(MediaFailure)
    case duplicate(lectureId: Int64, sha256: String)
    case probed(MediaInfo)
    case placed(
        info: MediaInfo, stored: StoredFile, storedPath: String, thumbsPath: String,
        frames: FramesResult?, sound: SoundFingerprint?, framesError: MediaFailure?)
}

struct Stages: Sendable {
    let library: Library
    let catalog: Catalog
    let config: LibraryConfig
    /// This run's own folder under tmp/, so that two ingests never touch each other's files.
    let scratch: URL
    let dryRun: Bool
    let link: Bool

    func process(_ file: String, session: any WorkerSessionProtocol) -> StageResult {
        let timeout = config.timeoutSeconds
        if dryRun {
            let r = session.call(WorkerRequest(id: 0, job: .probe(file: file), timeoutSeconds: timeout))
            guard let info = r.probe else { return .failed(r.error ?? .internal("工作进程没有给出结果")) }
            // A dry run says which files are already catalogued, as the real run would.
            if let sha = Catalog.sha256(of: URL(fileURLWithPath: file)),
                let existing = try? catalog.lectureId(forSHA256: sha)
            {
                return .duplicate(lectureId: existing, sha256: sha)
            }
            return .probed(info)
        }
        // 1. store
        let s = session.call(
            WorkerRequest(
                id: 0, job: .store(file: file, temporaryDirectory: scratch.path, link: link), timeoutSeconds: timeout))
        guard let stored = s.stored, let info = s.probe else {
            return .failed(s.error ?? .internal("工作进程没有给出结果"))
        }
        // 2. dedupe
        do {
            if let existing = try catalog.lectureId(forSHA256: stored.sha256) {
                unlink(stored.temporaryPath)
                return .duplicate(lectureId: existing, sha256: stored.sha256)
            }
        } catch {
            unlink(stored.temporaryPath)
            return .failed(MediaFailure(.notReadable, "读取目录数据库失败：\(error)"))
        }
        // 3. place
        let storedPath = library.mediaPath(sha256: stored.sha256, fileExtension: (file as NSString).pathExtension)
        let thumbsPath = library.thumbsPath(sha256: stored.sha256)
        let frames = FramesOptions(outputDirectory: "", count: config.thumbnailCount, width: config.thumbnailWidth)
        let p = session.call(
            WorkerRequest(
                id: 0,
                job: .place(
                    temporaryFile: stored.temporaryPath, destination: library.url(storedPath).path,
                    thumbsDirectory: library.url(thumbsPath).path, scratch: scratch.path, frames: frames),
                timeoutSeconds: timeout))
        if let error = p.error {
            unlink(stored.temporaryPath)
            return .failed(error)
        }
        return .placed(
            info: info, stored: stored, storedPath: storedPath, thumbsPath: thumbsPath,
            frames: p.frames, sound: p.sound, framesError: p.framesError)
    }
}

// MARK: - Writer side

extension Ingester {
    /// Steps 4–7 for one file that was placed; runs on the single writer.
    func record(
        _ file: String, info: MediaInfo, stored: StoredFile, storedPath: String, thumbsPath: String,
        frames: FramesResult?, sound: SoundFingerprint?, framesError: MediaFailure?, batch: Int64, now: Date,
        state: WriterState
    ) throws -> FileReport {
        let known = state.known
        var report = FileReport(file: file, outcome: .ingested)
        // Thumbnails that could not be written (a full disk) say nothing about the picture.
        if let framesError, framesError.kind == .notReadable { throw framesError }
        if let lectureId = resubmitTo {
            return try recordResubmission(
                lectureId, file, info: info, stored: stored, storedPath: storedPath, known: known,
                thumbsPath: thumbsPath, frames: frames, sound: sound, framesError: framesError, batch: batch, now: now)
        }
        // 4. describe
        let (meta, warnings) = describe(file, tags: info.tags)
        report.warnings = warnings
        var organisationId: String? = nil
        var lineage: [String] = []
        if let org = meta.organisation {
            if let found = try catalog.resolveOrganisation(org) {
                organisationId = found.id
                lineage = try catalog.lineage(of: found.id).flatMap { [$0.id, $0.name] }
            } else if let same = try catalog.sharedOrganisationNames()[org] {
                report.warnings.append(
                    "有 \(same.count) 个组织都叫「\(org)」（\(try catalog.describe(same))），不知道是哪一个，已归入“未分配”；"
                        + "请在清单中写组织编号，或用 lectern edit 指定")
            } else {
                report.warnings.append("未知组织「\(org)」，已归入“未分配”（可用 lectern org import 添加该组织）")
            }
        }
        let (kind, kindTags) = resolveKind(meta)
        if let topic = meta.topic, catalog.theme(forTopic: topic) == nil {
            report.warnings.append(catalog.themes.unmatched(topic))
        }
        if kind.speakerRequired, meta.speaker == nil {
            report.warnings.append("没有写主讲人（可在清单的“主讲人”一列写上，或用 lectern edit --speaker 补上）")
        }
        // 5. policy
        var findings = config.policy.check(info, organisations: lineage, kind: kind.code)
        if let framesError, info.video != nil {
            findings.append(PolicyFinding(rule: "picture", message: "画面无法解码：\(framesError.message)"))
        }
        // 6. compare
        let near = try known.compare(frames?.fingerprint, sound, catalog: catalog)
        // 7. catalog
        var new = NewLecture(
            title: meta.title ?? (file as NSString).lastPathComponent, sha256: stored.sha256,
            originalName: (file as NSString).lastPathComponent,
            originalPath: URL(fileURLWithPath: file).standardizedFileURL.path,
            storedPath: storedPath, sizeBytes: stored.sizeBytes, probe: info, findings: findings)
        let speakers = try catalog.resolveSpeakers(meta.speaker, unit: meta.speakerUnit, host: organisationId)
        report.warnings += speakers.notes + speakers.problems.map { $0 + "（导入后也可用 lectern edit 编号 --speaker 更正）" }
        new.speaker = speakers.display
        new.speakerIds = speakers.personIds
        new.organisationId = organisationId
        if organisationId == nil { new.claimedOrganisation = meta.organisation }
        new.topic = meta.topic
        new.recordedOn = meta.recordedOn
        new.description = meta.description
        new.tags = (meta.tags ?? []) + kindTags
        new.kind = kind.code
        new.fingerprint = frames?.fingerprint
        new.sound = sound
        new.nearDuplicates = near
        new.batchId = batch
        attach(frames, thumbsPath: thumbsPath, to: &new)
        let job = state.jobs[file]
        // Other hosts may have catalogued a copy since this run read the catalog: the versions
        // after what `known` holds are compared inside the commit, after the commits before it.
        var later: [CataloguedPrints] = []
        let write = try catalog.recordIngest(
            new, actor: actor, now: now, job: job, comparedUpTo: known.upTo,
            compare: { prints in
                later = prints
                return KnownCopies.compare(frames?.fingerprint, sound, with: prints)
            })
        known.absorb(later)
        if job != nil { state.finishedJobs.insert(file) }
        switch write {
        case .duplicate(let id):
            return FileReport(file: file, outcome: .duplicate, id: id, sha256: stored.sha256)
        case .ingested(let id, let version):
            report.id = id
            report.sha256 = stored.sha256
            report.durationSeconds = info.durationSeconds
            report.policy = PolicyReport(passed: findings.isEmpty, failures: findings)
            report.nearDuplicates = NearDuplicate.merged(
                near, KnownCopies.compare(frames?.fingerprint, sound, with: later))
            known.insert(version: version, lecture: id, frames?.fingerprint, sound)
            return report
        }
    }

    /// A new version of a lecture under rectification: its own metadata and organisation's policy.
    func recordResubmission(
        _ lectureId: Int64, _ file: String, info: MediaInfo, stored: StoredFile, storedPath: String,
        known: KnownCopies,
        thumbsPath: String, frames: FramesResult?, sound: SoundFingerprint?, framesError: MediaFailure?, batch: Int64,
        now: Date
    ) throws -> FileReport {
        guard let detail = try catalog.lecture(lectureId) else { throw CatalogError(.notFound, "目录中没有这个节目") }
        let lineage = try catalog.lineage(of: detail.organisationId).flatMap { [$0.id, $0.name] }
        var findings = config.policy.check(info, organisations: lineage, kind: detail.lecture.kind)
        if let framesError, info.video != nil {
            findings.append(PolicyFinding(rule: "picture", message: "画面无法解码：\(framesError.message)"))
        }
        var new = NewLecture(
            title: detail.lecture.title, sha256: stored.sha256,
            originalName: (file as NSString).lastPathComponent,
            originalPath: URL(fileURLWithPath: file).standardizedFileURL.path,
            storedPath: storedPath, sizeBytes: stored.sizeBytes, probe: info, findings: findings)
        new.fingerprint = frames?.fingerprint
        new.sound = sound
        // Like its own earlier version is expected; like another lecture is worth a look.
        let near = try known.compare(frames?.fingerprint, sound, catalog: catalog).filter { $0.id != lectureId }
        new.nearDuplicates = near
        new.batchId = batch
        attach(frames, thumbsPath: thumbsPath, to: &new)
        let version = try catalog.recordResubmission(lectureId, new, actor: actor, now: now)
        known.insert(version: version, lecture: lectureId, frames?.fingerprint, sound)
        var report = FileReport(file: file, outcome: .resubmitted, id: lectureId, sha256: stored.sha256)
        report.nearDuplicates = near
        report.durationSeconds = info.durationSeconds
        report.policy = PolicyReport(passed: findings.isEmpty, failures: findings)
        return report
    }

    /// Metadata from the strongest source down, and warnings about sources that could not be read.
    func describe(_ file: String, tags: [String: String]) -> (LectureMetadata, [String]) {
        var warnings: [String] = []
        let row = manifest?.row(for: file) ?? LectureMetadata()
        var sidecar = LectureMetadata()
        let sidecarPath = (file as NSString).deletingPathExtension + ".json"
        if let data = FileManager.default.contents(atPath: sidecarPath) {
            do { sidecar = try LectureMetadata.fromSidecar(data) } catch {
                warnings.append("附带的 \((sidecarPath as NSString).lastPathComponent) 无法读取（\(error)），已忽略")
            }
        }
        let catalog = self.catalog
        let known: (String) -> Bool = { name in ((try? catalog.resolveOrganisation(name)) ?? nil) != nil }
        let name = LectureMetadata.fromFileName((file as NSString).lastPathComponent, isOrganisation: known)
        var meta = row.over(sidecar).over(.fromTags(tags)).over(name)
        // Nothing stronger names the kind: the nearest folder named after one (上传/教育片/…).
        if meta.kind == nil {
            var folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
            for _ in 0..<4 where folder.path != "/" {
                if let kind = config.policy.kinds.named(folder.lastPathComponent) {
                    meta.kind = kind.code
                    break
                }
                folder.deleteLastPathComponent()
            }
        }
        // Nothing stronger names an organisation: the nearest folder named after one
        // (上传/春华镇/党课.mp4).
        if meta.organisation == nil {
            var folder = URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent()
            for _ in 0..<4 where folder.path != "/" {
                let folderName = folder.lastPathComponent
                if known(folderName) {
                    meta.organisation = folderName
                    break
                }
                folder.deleteLastPathComponent()
            }
        }
        return (meta, warnings)
    }

    /// The kind the metadata names, and the tags it adds: a 类型 column that names no kind
    /// (「专题党课」) is a tag, as it always was.
    func resolveKind(_ meta: LectureMetadata) -> (ItemKind, [String]) {
        guard let text = meta.kind else { return (config.policy.kinds.lecture, []) }
        if let kind = config.policy.kinds.named(text) { return (kind, []) }
        return (config.policy.kinds.lecture, [text])
    }

    /// The version's thumbnails, poster, sheet and frames, as paths inside the library.
    func attach(_ frames: FramesResult?, thumbsPath: String, to new: inout NewLecture) {
        guard let frames else { return }
        new.thumbsPath = thumbsPath
        new.posterPath = relative(frames.posterPath)
        new.sheetPath = relative(frames.sheetPath)
        new.frames = frames.samples.map {
            NewLecture.Frame(position: $0.index, timeSeconds: $0.timeSeconds, path: relative($0.path), blank: $0.blank)
        }
    }

    func relative(_ path: String) -> String {
        let root = library.root.path + "/"
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}
