import CFFmpeg
import Foundation

/// A per-file time limit that FFmpeg checks during blocking reads (AVIOInterruptCB), so
/// that no file can hang a worker. FFmpeg calls `interruptCallback` from the thread that
/// reads, with `opaque` pointing at this object.
final class Deadline {
    private let end: UInt64
    let seconds: Double
    /// Set once the deadline fired, so that the resulting AVERROR_EXIT becomes `timedOut`.
    private(set) var fired = false

    init(seconds: Double) {
        self.seconds = seconds
        end = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
    }

    var hasPassed: Bool {
        if DispatchTime.now().uptimeNanoseconds >= end { fired = true }
        return fired
    }

    /// Throws `timedOut` when the deadline has passed; called between decode steps too,
    /// since a slow decoder does not read.
    func check(file: String) throws(MediaError) {
        if hasPassed { throw MediaError.timedOut(seconds: seconds) }
    }

    /// An AVIOInterruptCB that points at this object. Valid while the object lives: the owner
    /// of the format context keeps it.
    var interruptCallback: AVIOInterruptCB {
        AVIOInterruptCB(
            callback: { opaque in
                guard let opaque else { return 0 }
                return Unmanaged<Deadline>.fromOpaque(opaque).takeUnretainedValue().hasPassed ? 1 : 0
            },
            opaque: Unmanaged.passUnretained(self).toOpaque()
        )
    }
}
