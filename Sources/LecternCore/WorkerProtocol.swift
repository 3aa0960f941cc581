/// The pipe between `lectern` (the supervisor) and `lectern-worker`: JSON lines, one request
/// in, one response out, in order. The worker first writes a `WorkerHello` naming its protocol
/// version; the supervisor refuses a worker that speaks another one.
public enum WorkerProtocol {
    public static let version = 6
}

public struct WorkerHello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var pid: Int32
    public init(protocolVersion: Int = WorkerProtocol.version, pid: Int32) {
        self.protocolVersion = protocolVersion
        self.pid = pid
    }
}

/// One job for a worker: which job, with exactly the fields that job needs.
public struct WorkerRequest: Codable, Sendable, Equatable {
    public var id: Int
    public var job: WorkerJob
    /// The per-file deadline the worker enforces inside FFmpeg (AVIOInterruptCB).
    public var timeoutSeconds: Double

    public init(id: Int, job: WorkerJob, timeoutSeconds: Double) {
        self.id = id
        self.job = job
        self.timeoutSeconds = timeoutSeconds
    }

    /// The file the job reads, for messages and logs.
    public var file: String { job.file }
}

public enum WorkerJob: Codable, Sendable, Equatable {
    /// What FFmpeg sees in any file.
    case probe(file: String)
    /// Thumbnails, poster, contact sheet and fingerprint of any file.
    case frames(file: String, options: FramesOptions)
    /// Probe, then hash and copy into `temporaryDirectory` (the library's tmp folder) in one
    /// pass, synced; `link`: hard-link the original instead (a copy across file systems).
    case store(file: String, temporaryDirectory: String, link: Bool)
    /// Rename a stored file to `destination` (`…/media/ab/abcdef….mp4`) and make its frames
    /// in `scratch`, renamed to `thumbsDirectory` (`…/thumbs/abcdef…`) when complete.
    case place(
        temporaryFile: String, destination: String, thumbsDirectory: String, scratch: String,
        frames: FramesOptions)
    /// A photo (JPEG or PNG): checked that it is one, its thumbnail written to `thumbnail`,
    /// then hashed and copied into `temporaryDirectory` like `store`.
    case photo(file: String, temporaryDirectory: String, thumbnail: String, width: Int)
    /// An MP4 of `file` any player takes (H.264 and AAC), written to `destination`.
    case transcode(file: String, destination: String)
    /// A document (.docx, .pptx, .pdf, .txt): its text read, then hashed and copied into
    /// `temporaryDirectory` like `store` (without probing it as media).
    case document(file: String, temporaryDirectory: String)

    public var file: String {
        switch self {
        case .probe(let file), .frames(let file, _), .store(let file, _, _): file
        case .place(let file, _, _, _, _): file
        case .photo(let file, _, _, _): file
        case .transcode(let file, _): file
        case .document(let file, _): file
        }
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
/// `frames` for frames and place, `sound` for frames and place when the file has sound and
/// fingerprints were asked for). A place whose file has no usable picture answers with
/// `framesError` and no `frames` (an audio-only lecture still has its `sound`): the file is
/// stored all the same.
public struct WorkerResponse: Codable, Sendable, Equatable {
    public var id: Int
    public var probe: MediaInfo?
    public var frames: FramesResult?
    public var stored: StoredFile?
    public var sound: SoundFingerprint?
    /// For `photo`: the picture's size and where its thumbnail was written.
    public var photo: PhotoResult?
    /// For `transcode`: the file written.
    public var transcoded: TranscodeResult?
    /// For `document`: the text read.
    public var document: ExtractedDocument?
    public var framesError: MediaFailure?
    public var error: MediaFailure?

    public init(
        id: Int, probe: MediaInfo? = nil, frames: FramesResult? = nil, sound: SoundFingerprint? = nil,
        stored: StoredFile? = nil, framesError: MediaFailure? = nil, error: MediaFailure? = nil
    ) {
        self.id = id
        self.probe = probe
        self.frames = frames
        self.sound = sound
        self.stored = stored
        self.framesError = framesError
        self.error = error
    }
}

/// An MP4 made by the `transcode` job.
public struct TranscodeResult: Codable, Sendable, Equatable {
    public var path: String
    public var sizeBytes: Int64
    public var width: Int
    public var height: Int
    public init(path: String, sizeBytes: Int64, width: Int, height: Int) {
        self.path = path
        self.sizeBytes = sizeBytes
        self.width = width
        self.height = height
    }
}

/// A photo read by the `photo` job.
public struct PhotoResult: Codable, Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// jpeg or png.
    public var format: String
    public var thumbnailPath: String
    public init(width: Int, height: Int, format: String, thumbnailPath: String) {
        self.width = width
        self.height = height
        self.format = format
        self.thumbnailPath = thumbnailPath
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
        public init(
            index: Int, targetSeconds: Double, timeSeconds: Double, path: String, width: Int,
            height: Int, luma: LumaStats, blank: Bool
        ) {
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
    public var method: FramesMethod

    public init(
        file: String, samples: [Sample], posterIndex: Int, posterPath: String, sheetPath: String,
        fingerprint: Fingerprint?, method: FramesMethod
    ) {
        self.file = file
        self.samples = samples
        self.posterIndex = posterIndex
        self.posterPath = posterPath
        self.sheetPath = sheetPath
        self.fingerprint = fingerprint
        self.method = method
    }
}

/// How the frames were reached.
public enum FramesMethod: String, Codable, Sendable {
    /// Seek, then decode the keyframe there.
    case keyframes
    /// A file with too few keyframes: decoded forward from each seek point.
    case decodeForward
}
