// lectern-worker: reads WorkerRequest JSON lines on stdin, runs the media layer on each,
// writes one WorkerResponse JSON line per request on stdout. Started and supervised by
// `lectern` (docs/ARCHITECTURE.md, "Processes"); a crash or hang here costs one file.
import Documents
import Foundation
import LecternCore
import Logging
import Media

var verbose = false
var memoryLimitMB: Int?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let arg = arguments.next() {
    switch arg {
    case "--verbose": verbose = true
    case "--memory-limit-mb": memoryLimitMB = arguments.next().flatMap(Int.init)
    default:
        FileHandle.standardError.write(Data("lectern-worker: unknown argument \(arg)\n".utf8))
        exit(2)
    }
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = verbose ? .debug : .error
    return handler
}
FFmpegLog.install(logger: Logger(label: "ffmpeg"), verbose: verbose)

WorkerProcessSettings.keepFreedMemory()
WorkerProcessSettings.dieWithParent()
// Decoding is batch work: on a machine that also serves the web desk or answers searches,
// people come first (nice 10; on an otherwise idle machine it changes nothing).
_ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)

if let mb = memoryLimitMB, mb > 0 {
    // A decoder fed a hostile file fails its allocation instead of taking the machine.
    var limit = rlimit(rlim_cur: rlim_t(mb) << 20, rlim_max: rlim_t(mb) << 20)
    setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
}

let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
let decoder = JSONDecoder()

func send<T: Encodable>(_ value: T) {
    guard var line = try? encoder.encode(value) else { return }
    line.append(0x0A)
    line.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = write(1, base + offset, buffer.count - offset)
            if n <= 0 { exit(0) }  // the supervisor went away
            offset += n
        }
    }
}

func run(_ request: WorkerRequest) -> WorkerResponse {
    do {
        let timeout = request.timeoutSeconds
        switch request.job {
        case .probe(let file):
            return WorkerResponse(id: request.id, probe: try Prober.probe(path: file, timeoutSeconds: timeout))
        case .frames(let file, let options):
            let frames = try FrameExtractor.extract(path: file, options: options, timeoutSeconds: timeout)
            let sound =
                options.fingerprint && WorkerProcessSettings.soundFingerprint
                ? try SoundPrinter.fingerprint(path: file, timeoutSeconds: timeout) : nil
            return WorkerResponse(id: request.id, frames: frames, sound: sound)
        case .store(let file, let directory, let link):
            let (info, stored) = try Store.store(path: file, into: directory, link: link, timeoutSeconds: timeout)
            return WorkerResponse(id: request.id, probe: info, stored: stored)
        case .place(let temporary, let destination, let thumbs, let scratch, let options):
            let (frames, sound, framesError) = try Store.place(
                temporary: temporary, destination: destination, thumbs: thumbs, scratch: scratch, frames: options,
                timeoutSeconds: timeout)
            return WorkerResponse(id: request.id, frames: frames, sound: sound, framesError: framesError)
        case .transcode(let file, let destination):
            var response = WorkerResponse(id: request.id)
            response.transcoded = try Transcoder.transcode(path: file, to: destination, timeoutSeconds: timeout)
            return response
        case .document(let file, let directory):
            let document: ExtractedDocument
            do { document = try DocumentReader.read(path: file) } catch {
                return WorkerResponse(id: request.id, error: error)
            }
            var response = WorkerResponse(
                id: request.id,
                stored: try Store.copy(path: file, into: directory, link: false, timeoutSeconds: timeout))
            response.document = document
            return response
        case .photo(let file, let directory, let thumbnail, let width):
            let photo = try Photo.thumbnail(path: file, to: thumbnail, width: width, timeoutSeconds: timeout)
            var kept = false
            defer { if !kept { unlink(thumbnail) } }
            let stored = try Store.store(path: file, into: directory, link: false, timeoutSeconds: timeout)
            kept = true
            var response = WorkerResponse(id: request.id, probe: stored.0, stored: stored.1)
            response.photo = photo
            return response
        }
    } catch {
        return WorkerResponse(id: request.id, error: error.failure)
    }
}

// Ctrl-C in the terminal reaches the whole process group: the supervisor decides what stops,
// and a worker finishes the file it has (its stdin closing is what ends it).
signal(SIGINT, SIG_IGN)

send(WorkerHello(pid: getpid()))
while let line = readLine(strippingNewline: true) {
    if line.isEmpty { continue }
    guard let request = try? decoder.decode(WorkerRequest.self, from: Data(line.utf8)) else {
        send(WorkerResponse(id: -1, error: .internal("工作进程无法读懂任务（协议不符）")))
        continue
    }
    send(run(request))
}
