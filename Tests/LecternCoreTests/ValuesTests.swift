import Foundation
import Testing

@testable import LecternCore

@Suite struct MediaInfoTests {
    @Test func unknownValuesAreWrittenAsNull() throws {
        let info = MediaInfo(
            file: "a.mp3", sizeBytes: 10, container: "mp3", audio: AudioStreamInfo(index: 0, codec: "mp3"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any]
        #expect(json?["video"] is NSNull)
        #expect(json?["durationSeconds"] is NSNull)
        #expect(json?["bitRate"] is NSNull)
        let audio = json?["audio"] as? [String: Any]
        #expect(audio?["sampleRate"] is NSNull)
        #expect(try JSONDecoder().decode(MediaInfo.self, from: JSONEncoder().encode(info)) == info)
    }

    @Test(arguments: [(0, 320, 180), (-90, 180, 320), (90, 180, 320), (180, 320, 180), (-270, 180, 320)])
    func displaySizeFollowsRotation(rotation: Int, width: Int, height: Int) {
        let v = VideoStreamInfo(index: 0, codec: "h264", width: 320, height: 180, rotation: rotation)
        #expect(v.displaySize == (width, height))
    }
}

@Suite struct WorkerProtocolTests {
    @Test func requestAndResponseRoundTrip() throws {
        let options = FramesOptions(outputDirectory: "/tmp/x", count: 4, width: 160, fingerprint: false)
        let requests = [
            WorkerRequest(id: 7, job: .frames(file: "春华镇 第一讲.mp4", options: options), timeoutSeconds: 30),
            WorkerRequest(id: 8, job: .probe(file: "a.mp4"), timeoutSeconds: 30),
            WorkerRequest(
                id: 9, job: .store(file: "a.mp4", temporaryDirectory: "/l/tmp/x", link: true), timeoutSeconds: 30),
            WorkerRequest(
                id: 10,
                job: .place(
                    temporaryFile: "/l/tmp/x/1.part", destination: "/l/media/ab/ab.mp4",
                    thumbsDirectory: "/l/thumbs/ab", scratch: "/l/tmp/x", frames: options),
                timeoutSeconds: 30),
        ]
        for request in requests {
            #expect(try JSONDecoder().decode(WorkerRequest.self, from: JSONEncoder().encode(request)) == request)
        }
        #expect(requests.map(\.file) == ["春华镇 第一讲.mp4", "a.mp4", "a.mp4", "/l/tmp/x/1.part"])
        let failure = WorkerResponse(id: 7, error: MediaFailure(.timedOut, "超时"))
        let data = try JSONEncoder().encode(failure)
        #expect(try JSONDecoder().decode(WorkerResponse.self, from: data) == failure)
        #expect(String(decoding: data, as: UTF8.self).contains("\"kind\":\"timedOut\""))
    }

    @Test func everyErrorKindOfCLIMdIsKnown() {
        #expect(
            Set(MediaFailure.Kind.allCases.map(\.rawValue))
                == [
                    "notFound", "notReadable", "empty", "notMedia", "noVideo", "corrupt", "timedOut", "unchanged",
                    "internal",
                ])
    }
}

@Suite struct TextTests {
    @Test(arguments: [
        (179.0, "2分59秒"), (180.0, "3分钟"), (45.0, "45秒"), (1200.4, "20分钟"), (3900.0, "1小时5分"), (7200.0, "2小时"),
    ])
    func chineseDurations(seconds: Double, text: String) {
        #expect(Chinese.duration(seconds) == text)
    }

    @Test func chineseCharactersTakeTwoColumns() {
        #expect(TerminalWidth.of("党课") == 4)
        #expect(TerminalWidth.of("abc") == 3)
        #expect(TerminalWidth.of("长沙县 a1") == 9)
        #expect(TerminalWidth.of("ＡＢ") == 4)
    }

    @Test func fitPadsAndTruncatesByColumns() {
        #expect(TerminalWidth.fit("时长", 8) == "时长    ")
        let cut = TerminalWidth.fit("学习贯彻党的二十大精神", 9)
        #expect(TerminalWidth.of(cut) == 9)
        #expect(cut.hasSuffix("…"))
        #expect(cut.hasPrefix("学习贯彻"))
    }
}
