import ArgumentParser
import Foundation
import LecternCore
import Workers

struct Frames: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "生成缩略图、封面（避开黑屏和空白画面）、缩略图总览，以及画面和声音的指纹。",
        discussion: """
            在输出文件夹中写入 0001.jpg …（在视频 5%–95% 的范围内均匀取样）、poster.jpg（封面）和\
            sheet.jpg（所有取样拼成一页）。
            示例：
              lectern frames 党课.mp4 --out thumbs/党课
              lectern frames 党课.mp4 --out /tmp/t --count 12 --width 480 --json
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var workers: WorkerOptions

    @Argument(help: ArgumentHelp("视频文件。", valueName: ArgumentNames.file))
    var file: String

    @Option(name: .long, help: ArgumentHelp("输出文件夹（没有时自动创建）。", valueName: ArgumentNames.folder))
    var out: String

    @Option(name: .long, help: ArgumentHelp("缩略图张数（默认：8）。", valueName: ArgumentNames.count))
    var count: Int = 8

    @Option(name: .long, help: ArgumentHelp("缩略图宽度，像素（高度按画面比例；默认：320）。", valueName: ArgumentNames.count))
    var width: Int = 320

    @Flag(name: .long, help: "不计算画面和声音的指纹。")
    var noFingerprint = false

    func validate() throws {
        if !(1...100).contains(count) { throw ValidationError("--count 应在 1–100 之间") }
        if !(16...3840).contains(width) { throw ValidationError("--width 应在 16–3840 之间") }
    }

    func run() throws {
        let pool = try makePool(workers, global)
        let options = FramesOptions(outputDirectory: out, count: count, width: width, fingerprint: !noFingerprint)
        let request = WorkerRequest(id: 0, job: .frames(file: file, options: options), timeoutSeconds: workers.timeout)
        let result = Collected<WorkerResponse>(count: 1)
        pool.run([request]) { _, response in result.set(0, response) }
        guard let frames = result.values[0]?.frames else {
            let failure = result.values[0]?.error ?? MediaFailure.internal("工作进程没有给出结果")
            Output.error(file, failure.shown(verbose: global.verbose))
            if global.json { Output.json(FileError(file: file, error: failure)) }
            throw ItemsFailed()
        }
        let sound = result.values[0]?.sound
        if global.json {
            Output.json(FramesOutput(frames: frames, sound: sound))
            return
        }
        Output.line(file)
        for s in frames.samples {
            let mark = s.index == frames.posterIndex ? "  ← 封面" : (s.blank ? "  （黑屏/空白）" : "")
            Output.line("  \(String(format: "%04d", s.index)).jpg \(String(format: "%9.2f 秒", s.timeSeconds))\(mark)")
        }
        Output.line("  封面     \(frames.posterPath)")
        Output.line("  总览     \(frames.sheetPath)")
        if let fp = frames.fingerprint {
            Output.line("  指纹     \(fp.frames.count) 帧")
        }
        if let sound {
            Output.line("  声音指纹 \(sound.items.count) 项，有声 \(Int(sound.soundSeconds.rounded())) 秒")
        }
    }
}

/// `frames --json`: the frames' fields and, beside them, `sound`.
struct FramesOutput: Codable {
    var frames: FramesResult
    var sound: SoundFingerprint?

    enum CodingKeys: String, CodingKey { case sound }

    init(frames: FramesResult, sound: SoundFingerprint?) {
        self.frames = frames
        self.sound = sound
    }

    init(from decoder: any Decoder) throws {
        frames = try FramesResult(from: decoder)
        sound = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(SoundFingerprint.self, forKey: .sound)
    }

    func encode(to encoder: any Encoder) throws {
        try frames.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sound, forKey: .sound)
    }
}
