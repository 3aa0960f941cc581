/// The pipe between `lectern` (the supervisor) and `lectern-worker`: JSON lines, one request
/// in, one response out, in order. The worker first writes a `WorkerHello` naming its protocol
/// version; the supervisor refuses a worker that speaks another one.
public enum WorkerProtocol {
    public static let version = 2
}

public struct WorkerHello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var pid: Int32
    public init(protocolVersion: Int = WorkerProtocol.version, pid: Int32) {
        self.protocolVersion = protocolVersion
        self.pid = pid
    }
}

/// One job for a worker.
public struct WorkerRequest: Codable, Sendable, Equatable {
    /// probe, frames: on any file. store: probe, then hash and copy into the library's tmp
    /// folder in one pass. place: rename a stored file into `media/`, make its frames.
    public enum Kind: String, Codable, Sendable { case probe, frames, store, place }

    public var id: Int
    public var kind: Kind
    public var file: String
    /// The per-file deadline the worker enforces inside FFmpeg (AVIOInterruptCB).
    public var timeoutSeconds: Double
    public var frames: FramesOptions?
    /// store: the folder the copy is written into. place: the temporary file's folder for frames.
    public var temporaryDirectory: String?
    /// place: where the stored file goes (`…/media/ab/abcdef….mp4`) and its frames (`…/thumbs/abcdef…`).
    public var destination: String?
    public var thumbsDirectory: String?
    /// store: hard-link the original instead of copying it (falls back to a copy across file systems).
    public var link: Bool?

    public init(id: Int, kind: Kind, file: String, timeoutSeconds: Double, frames: FramesOptions? = nil,
                temporaryDirectory: String? = nil, destination: String? = nil, thumbsDirectory: String? = nil,
                link: Bool? = nil) {
        self.id = id
        self.kind = kind
        self.file = file
        self.timeoutSeconds = timeoutSeconds
        self.frames = frames
        self.temporaryDirectory = temporaryDirectory
        self.destination = destination
        self.thumbsDirectory = thumbsDirectory
        self.link = link
    }
}

public struct FramesOptions: Codable, Sendable, Equatable {
    /// Folder the JPEG files are written into (created when missing).
    public var outputDirectory: String
    public var count: Int
    public var width: Int
    public var fingerprint: Bool

    public init(outputDirectory: String, count: Int = 8, width: Int = 320, fingerprint: Bool = true) {
        self.outputDirectory = outputDirectory
        self.count = count
        self.width = width
        self.fingerprint = fingerprint
    }
}

/// One answer: `error`, or what the job made (`probe` for probe and store, `stored` for store,
/// `frames` for frames and place). A place whose file has no usable picture answers with
/// `framesError` and no `frames`: the file is stored all the same.
public struct WorkerResponse: Codable, Sendable, Equatable {
    public var id: Int
    public var probe: MediaInfo?
    public var frames: FramesResult?
    public var stored: StoredFile?
    public var framesError: MediaFailure?
    public var error: MediaFailure?

    public init(id: Int, probe: MediaInfo? = nil, frames: FramesResult? = nil, stored: StoredFile? = nil,
                framesError: MediaFailure? = nil, error: MediaFailure? = nil) {
        self.id = id
        self.probe = probe
        self.frames = frames
        self.stored = stored
        self.framesError = framesError
        self.error = error
    }
}

/// A file copied into the library's tmp folder, synced, with the SHA-256 of exactly the bytes written.
public struct StoredFile: Codable, Sendable, Equatable {
    public var sha256: String
    public var temporaryPath: String
    public var sizeBytes: Int64
    public init(sha256: String, temporaryPath: String, sizeBytes: Int64) {
        self.sha256 = sha256
        self.temporaryPath = temporaryPath
        self.sizeBytes = sizeBytes
    }
}

/// What `frames` made: sampled thumbnails, the chosen poster, the contact sheet and the fingerprint.
public struct FramesResult: Codable, Sendable, Equatable {
    public struct Sample: Codable, Sendable, Equatable {
        public var index: Int
        /// Where the sample was asked for, and the time of the frame actually decoded.
        public var targetSeconds: Double
        public var timeSeconds: Double
        public var path: String
        public var width: Int
        public var height: Int
        public var luma: LumaStats
        public var blank: Bool
        public init(index: Int, targetSeconds: Double, timeSeconds: Double, path: String, width: Int,
                    height: Int, luma: LumaStats, blank: Bool) {
            self.index = index
            self.targetSeconds = targetSeconds
            self.timeSeconds = timeSeconds
            self.path = path
            self.width = width
            self.height = height
            self.luma = luma
            self.blank = blank
        }
    }

    public var file: String
    public var samples: [Sample]
    public var posterIndex: Int
    public var posterPath: String
    public var sheetPath: String
    public var fingerprint: Fingerprint?
    /// How the frames were reached: `keyframes` (seek + keyframe decode) or `decodeForward`
    /// (a file with too few keyframes, decoded forward from each seek point).
    public var method: String

    public init(file: String, samples: [Sample], posterIndex: Int, posterPath: String, sheetPath: String,
                fingerprint: Fingerprint?, method: String) {
        self.file = file
        self.samples = samples
        self.posterIndex = posterIndex
        self.posterPath = posterPath
        self.sheetPath = sheetPath
        self.fingerprint = fingerprint
        self.method = method
    }
}
