import CLinux
import Foundation

/// Settings for a process that runs the media layer file after file (the worker).
enum WorkerProcessSettings {
    /// `LECTERN_SOUND_FINGERPRINT=off` skips the sound's fingerprint: Scripts/bench-ingest's
    /// baseline for what it costs. Anything else (or nothing) makes it.
    static let soundFingerprint = ProcessInfo.processInfo.environment["LECTERN_SOUND_FINGERPRINT"] != "off"

    /// Keeps freed memory in the process. Each file's demuxer index (hundreds of KB for a
    /// long MP4) is freed when the file is done, and glibc by default hands it back to the
    /// kernel, so the next file pays page faults and zeroing again: about half of a probe's
    /// time, measured with perf. Scripts/memory-check shows resident memory still stays flat.
    static func keepFreedMemory() {
        lectern_keep_freed_memory(64 << 20, 256 << 20)
    }

    /// A worker must not outlive its supervisor: after a power-cut-like `kill -9` of `lectern`
    /// an orphan worker would finish its job and write into a scratch folder the next run has
    /// already cleaned (found by Scripts/chaos-ingest). The kernel kills it with its parent;
    /// a parent already gone before the request took effect is caught by the check after it.
    /// (The signal follows the *thread* that started the worker: `WorkerPool` starts each
    /// worker on the thread that owns its session and stops it before that thread ends.)
    static func dieWithParent() {
        let parent = getppid()
        _ = lectern_die_with_parent()
        if getppid() != parent || parent == 1 { exit(0) }
    }
}
