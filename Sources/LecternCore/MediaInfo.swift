/// What FFmpeg's libraries see in one media file: a plain value, free of FFmpeg types.
///
/// Unknown values are `nil` (ffprobe's `N/A`), never zero. Times are seconds at this edge;
/// the media layer keeps rationals until it builds this value.
public struct MediaInfo: Codable, Sendable, Equatable {
    public var file: String
    public var sizeBytes: Int64
    /// The demuxer's name, as ffprobe's `format_name` (`mov,mp4,m4a,3gp,3g2,mj2`).
    public var container: String
    public var containerLongName: String?
    /// The duration Lectern uses: the container's when known, else the longest stream's.
    public var durationSeconds: Double?
    /// What the container header claims (ffprobe's format duration).
    public var containerDurationSeconds: Double?
    /// The longest duration any audio or video stream claims.
    public var streamDurationSeconds: Double?
    public var startTimeSeconds: Double?
    public var bitRate: Int64?
    public var video: VideoStreamInfo?
    public var audio: AudioStreamInfo?
    public var otherStreams: OtherStreamCounts
    public var chapters: [Chapter]
    /// Format-level tags (title, artist, comment, creation_time, …), UTF-8.
    public var tags: [String: String]
    public var warnings: [MediaWarning]

    public init(
        file: String, sizeBytes: Int64, container: String, containerLongName: String? = nil,
        durationSeconds: Double? = nil, containerDurationSeconds: Double? = nil,
        streamDurationSeconds: Double? = nil, startTimeSeconds: Double? = nil, bitRate: Int64? = nil,
        video: VideoStreamInfo? = nil, audio: AudioStreamInfo? = nil,
        otherStreams: OtherStreamCounts = .init(), chapters: [Chapter] = [], tags: [String: String] = [:],
        warnings: [MediaWarning] = []
    ) {
        self.file = file
        self.sizeBytes = sizeBytes
        self.container = container
        self.containerLongName = containerLongName
        self.durationSeconds = durationSeconds
        self.containerDurationSeconds = containerDurationSeconds
        self.streamDurationSeconds = streamDurationSeconds
        self.startTimeSeconds = startTimeSeconds
        self.bitRate = bitRate
        self.video = video
        self.audio = audio
        self.otherStreams = otherStreams
        self.chapters = chapters
        self.tags = tags
        self.warnings = warnings
    }

    // Optionals are written as explicit nulls: scripts read `"video": null`, as CLI.md says.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(container, forKey: .container)
        try c.encode(containerLongName, forKey: .containerLongName)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(containerDurationSeconds, forKey: .containerDurationSeconds)
        try c.encode(streamDurationSeconds, forKey: .streamDurationSeconds)
        try c.encode(startTimeSeconds, forKey: .startTimeSeconds)
        try c.encode(bitRate, forKey: .bitRate)
        try c.encode(video, forKey: .video)
        try c.encode(audio, forKey: .audio)
        try c.encode(otherStreams, forKey: .otherStreams)
        try c.encode(chapters, forKey: .chapters)
        try c.encode(tags, forKey: .tags)
        try c.encode(warnings, forKey: .warnings)
    }
}

public struct VideoStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var profile: String?
    public var width: Int
    public var height: Int
    /// Sample (pixel) aspect ratio as "num:den", nil when the file does not say.
    public var sampleAspectRatio: String?
    /// Average frame rate in frames per second.
    public var frameRate: Double?
    /// Degrees, as ffprobe prints the display matrix (-90 for a phone held upright); 0 when none.
    public var rotation: Int
    public var pixelFormat: String?
    public var bitRate: Int64?
    public var durationSeconds: Double?
    public var tags: [String: String]

    public init(
        index: Int, codec: String, profile: String? = nil, width: Int, height: Int,
        sampleAspectRatio: String? = nil, frameRate: Double? = nil, rotation: Int = 0,
        pixelFormat: String? = nil, bitRate: Int64? = nil, durationSeconds: Double? = nil,
        tags: [String: String] = [:]
    ) {
        self.index = index
        self.codec = codec
        self.profile = profile
        self.width = width
        self.height = height
        self.sampleAspectRatio = sampleAspectRatio
        self.frameRate = frameRate
        self.rotation = rotation
        self.pixelFormat = pixelFormat
        self.bitRate = bitRate
        self.durationSeconds = durationSeconds
        self.tags = tags
    }

    /// Width and height as a viewer sees them, after the rotation.
    public var displaySize: (width: Int, height: Int) {
        abs(rotation) % 180 == 90 ? (height, width) : (width, height)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(codec, forKey: .codec)
        try c.encode(profile, forKey: .profile)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(sampleAspectRatio, forKey: .sampleAspectRatio)
        try c.encode(frameRate, forKey: .frameRate)
        try c.encode(rotation, forKey: .rotation)
        try c.encode(pixelFormat, forKey: .pixelFormat)
        try c.encode(bitRate, forKey: .bitRate)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(tags, forKey: .tags)
    }
}

public struct AudioStreamInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var codec: String
    public var profile: String?
    public var sampleRate: Int?
    public var channels: Int?
    public var bitRate: Int64?
    public var durationSeconds: Double?
    public var tags: [String: String]

    public init(
        index: Int, codec: String, profile: String? = nil, sampleRate: Int? = nil, channels: Int? = nil,
        bitRate: Int64? = nil, durationSeconds: Double? = nil, tags: [String: String] = [:]
    ) {
        self.index = index
        self.codec = codec
        self.profile = profile
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitRate = bitRate
        self.durationSeconds = durationSeconds
        self.tags = tags
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(codec, forKey: .codec)
        try c.encode(profile, forKey: .profile)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(channels, forKey: .channels)
        try c.encode(bitRate, forKey: .bitRate)
        try c.encode(durationSeconds, forKey: .durationSeconds)
        try c.encode(tags, forKey: .tags)
    }
}

/// Streams that are neither the main video nor the main audio.
public struct OtherStreamCounts: Codable, Sendable, Equatable {
    public var video = 0
    public var audio = 0
    public var subtitle = 0
    public var data = 0
    /// Cover art and other still pictures attached to the file; never counted as video.
    public var attachedPictures = 0
    public var attachment = 0
    public init() {}
}

public struct Chapter: Codable, Sendable, Equatable {
    public var startSeconds: Double
    public var endSeconds: Double
    public var title: String?
    public init(startSeconds: Double, endSeconds: Double, title: String?) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.title = title
    }
}

/// Something about a file that is readable but suspicious; policy decides what to do with it.
public struct MediaWarning: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable {
        /// The container's duration and the streams' disagree by more than a second.
        case durationMismatch
        /// Neither the container nor any stream says how long the file is.
        case durationUnknown
        /// The audio stream's sample rate or channel count could not be read.
        case audioParametersUnknown
        /// The claimed duration is far too long for the file's size (a forged or damaged header).
        case durationImplausible
    }
    public var code: Code
    public var message: String
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}
