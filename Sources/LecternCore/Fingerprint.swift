/// A video's perceptual fingerprint: one 64-bit difference hash (dHash) of the luma plane
/// per sampled frame, with the frame's time. Two videos are compared as sets of frames that
/// must match in the same order at a steady offset and rate (see `similarity(to:)`).
public struct Fingerprint: Codable, Sendable, Equatable {
    public struct Frame: Codable, Sendable, Equatable {
        /// Seconds from the start of the video.
        public var time: Double
        public var hash: UInt64
        /// A black, blank or near-uniform frame: its hash says nothing about the content.
        public var blank: Bool
        /// The hash of the picture flipped left to right, as the worker computed it (nil in
        /// version 1 fingerprints: then derived from `hash`).
        public var flipped: UInt64?

        public init(time: Double, hash: UInt64, blank: Bool, flipped: UInt64? = nil) {
            self.time = time
            self.hash = hash
            self.blank = blank
            self.flipped = flipped
        }

        enum CodingKeys: String, CodingKey { case time = "t", hash = "h", blank = "b", flipped = "m" }

        // Hashes travel as 16 hex digits: JSON numbers above 2^53 lose bits in most readers.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            time = try c.decode(Double.self, forKey: .time)
            let hex = try c.decode(String.self, forKey: .hash)
            guard let value = UInt64(hex, radix: 16) else {
                throw DecodingError.dataCorruptedError(forKey: .hash, in: c, debugDescription: "not a hex hash: \(hex)")
            }
            hash = value
            blank = try c.decodeIfPresent(Bool.self, forKey: .blank) ?? false
            flipped = try c.decodeIfPresent(String.self, forKey: .flipped).flatMap { UInt64($0, radix: 16) }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(time, forKey: .time)
            try c.encode(Fingerprint.hex(hash), forKey: .hash)
            if blank { try c.encode(true, forKey: .blank) }
            if let flipped { try c.encode(Fingerprint.hex(flipped), forKey: .flipped) }
        }
    }

    /// 2: the video's template hash, each frame's flipped hash.
    public static let version = 2
    public var version: Int
    public var frames: [Frame]
    /// The hash of the per-pixel median of the sampled frames: the picture every frame
    /// shares when the video is one slide template (nil in version 1).
    public var template: UInt64?

    public init(frames: [Frame], template: UInt64? = nil) {
        self.version = Self.version
        self.frames = frames
        self.template = template
    }

    enum CodingKeys: String, CodingKey { case version, frames, template }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        frames = try c.decode([Frame].self, forKey: .frames)
        template = try c.decodeIfPresent(String.self, forKey: .template).flatMap { UInt64($0, radix: 16) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(frames, forKey: .frames)
        if let template { try c.encode(Self.hex(template), forKey: .template) }
    }

    /// Whether `frame` shows this video's template (within the near distance of its hash).
    func showsTemplate(_ frame: Frame, maxDistance: Int) -> Bool {
        guard let template else { return false }
        return (frame.hash ^ template).nonzeroBitCount <= maxDistance
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
