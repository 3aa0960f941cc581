import Testing

@testable import LecternCore

@Suite struct PolicyTests {
    static func info(
        duration: Double?, width: Int = 1280, height: Int = 720, audio: Bool = true,
        warnings: [MediaWarning] = []
    ) -> MediaInfo {
        MediaInfo(
            file: "x.mp4", sizeBytes: 1, container: "mp4", durationSeconds: duration,
            video: VideoStreamInfo(index: 0, codec: "h264", width: width, height: height),
            audio: audio ? AudioStreamInfo(index: 1, codec: "aac", sampleRate: 44100, channels: 2) : nil,
            warnings: warnings)
    }

    struct DurationCase: Sendable, CustomTestStringConvertible {
        var seconds: Double
        var message: String?
        var testDescription: String { "\(seconds) s" }
    }

    @Test(arguments: [
        DurationCase(seconds: 179, message: "时长 2分59秒，短于 3分钟"),
        DurationCase(seconds: 179.6, message: nil),  // within half a second
        DurationCase(seconds: 180, message: nil),
        DurationCase(seconds: 734.52, message: nil),
        DurationCase(seconds: 1200, message: nil),
        DurationCase(seconds: 1200.008, message: nil),
        DurationCase(seconds: 1201, message: "时长 20分1秒，超过 20分钟"),
        DurationCase(seconds: 45, message: "时长 45秒，短于 3分钟"),
    ])
    func durationBounds(_ c: DurationCase) {
        let findings = PolicyRules.duration(Self.info(duration: c.seconds), Policy(), Policy().duration)
        #expect(findings.first?.message == c.message)
        #expect(findings.allSatisfy { $0.rule == "duration" })
    }

    @Test func unknownDurationIsAFinding() {
        #expect(Policy().check(Self.info(duration: nil)).map(\.rule) == ["duration"])
    }

    @Test func organisationBoundsApplyToTheNearestOrganisationUpTheTree() {
        var policy = Policy()
        policy.organisationDurations["桃源县"] = .init(minSeconds: 600, maxSeconds: 900)
        #expect(
            policy.check(Self.info(duration: 300), organisations: ["cun1", "新村党支部", "ty", "桃源县"]).map(\.message)
                == ["时长 5分钟，短于 10分钟"])
        #expect(policy.check(Self.info(duration: 300), organisations: ["other"]).isEmpty)
        #expect(policy.check(Self.info(duration: 930), organisations: ["桃源县"]).map(\.message) == ["时长 15分30秒，超过 15分钟"])
    }

    @Test func audioVideoAndResolutionRules() {
        #expect(Policy().check(Self.info(duration: 300, audio: false)).map(\.rule) == ["audio"])
        var lenient = Policy()
        lenient.requireAudio = false
        #expect(lenient.check(Self.info(duration: 300, audio: false)).isEmpty)
        #expect(
            Policy().check(Self.info(duration: 300, width: 640, height: 352)).map(\.message) == [
                "画面分辨率 640×352，低于 360p"
            ])
        // A portrait phone video counts its shorter side.
        #expect(Policy().check(Self.info(duration: 300, width: 720, height: 1280)).isEmpty)
        let audioOnly = MediaInfo(
            file: "a.m4a", sizeBytes: 1, container: "mp4", durationSeconds: 300,
            audio: AudioStreamInfo(index: 0, codec: "aac"))
        #expect(Policy().check(audioOnly).map(\.rule) == ["video"])
        // A county that takes sound-only lectures checks their length and sound only.
        var takesSound = Policy()
        takesSound.allowAudioOnly = true
        #expect(takesSound.check(audioOnly).isEmpty)
        #expect(takesSound.check(Self.info(duration: 100)).map(\.rule) == ["duration"])
        let parsed = try? LibraryConfig.parse("[policy]\nallow_audio_only = true\n")
        #expect(parsed?.policy.allowAudioOnly == true)
        #expect(throws: LibraryConfig.ParseError.self) { try LibraryConfig.parse("[policy]\nallow_audio_only = 是\n") }
    }

    @Test func untrustworthyDurationIsAFinding() {
        let w = MediaWarning(code: .durationImplausible, message: "时长不可信")
        #expect(Policy().check(Self.info(duration: 300, warnings: [w])).map(\.rule) == ["durationMismatch"])
        let unrelated = MediaWarning(code: .audioParametersUnknown, message: "x")
        #expect(Policy().check(Self.info(duration: 300, warnings: [unrelated])).isEmpty)
    }
}

@Suite struct ConfigTests {
    @Test func theDefaultFileParsesToTheDefaults() throws {
        #expect(try LibraryConfig.parse(LibraryConfig.defaultText).policy == Policy())
    }

    @Test func settingsAndOrganisationOverridesAreRead() throws {
        let text = """
            # comment
            [policy]
            min_duration_seconds = 600   # ten minutes
            max_duration_seconds = 900
            require_audio = false
            min_height = 480

            [policy.organisations."桃源县"]
            max_duration_seconds = 1_200

            [ingest]
            jobs = 3
            timeout_seconds = 45.5
            """
        let c = try LibraryConfig.parse(text)
        #expect(c.policy.duration == .init(minSeconds: 600, maxSeconds: 900))
        #expect(c.policy.requireAudio == false)
        #expect(c.policy.minHeight == 480)
        #expect(c.policy.organisationDurations["桃源县"] == .init(minSeconds: 600, maxSeconds: 1200))
        #expect(c.jobs == 3)
        #expect(c.timeoutSeconds == 45.5)
    }

    @Test func mistakesNameTheLine() {
        #expect(throws: LibraryConfig.ParseError(line: 2, reason: "应为 键 = 值：min_duration_seconds")) {
            try LibraryConfig.parse("[policy]\nmin_duration_seconds\n")
        }
        #expect(throws: LibraryConfig.ParseError.self) { try LibraryConfig.parse("[policy]\nrequire_audio = 3\n") }
        #expect(throws: LibraryConfig.ParseError.self) { try LibraryConfig.parse("[policy\n") }
    }
}
