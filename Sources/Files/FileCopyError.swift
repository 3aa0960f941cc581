import Foundation

/// Why a copy failed: the system call's errno, which side it was on, and a message staff can
/// act on. The worker turns it into the file's failure (`notFound`, `notReadable`, `timedOut`).
public struct FileCopyError: Error, CustomStringConvertible, Equatable {
    public enum Cause: Equatable, Sendable {
        /// A system call failed with this errno.
        case system(errno: Int32)
        /// The copy's own time limit passed.
        case timedOut(seconds: Double)
    }

    public let cause: Cause
    /// Reading the upload (not writing the library): a file that vanished or a stick pulled.
    public let input: Bool
    /// What was being done, in Chinese, without the system's reason.
    public let operation: String

    public var errno: Int32? {
        if case .system(let code) = cause { return code }
        return nil
    }

    public var description: String {
        switch cause {
        case .system(let code): "\(operation)（\(String(cString: strerror(code)))）"
        case .timedOut(let seconds): "\(operation)：超过 \(Int(seconds)) 秒仍未完成"
        }
    }

    static func io(_ operation: String, _ code: Int32, input: Bool = false) -> FileCopyError {
        FileCopyError(cause: .system(errno: code), input: input, operation: operation)
    }
}

/// The copy's time limit, checked between pieces.
struct CopyDeadline {
    let seconds: Double
    private let end: UInt64

    init(seconds: Double) {
        self.seconds = seconds
        let bounded = min(max(0, seconds), 1e9)
        end = DispatchTime.now().uptimeNanoseconds + UInt64(bounded * 1e9)
    }

    func check() throws(FileCopyError) {
        if DispatchTime.now().uptimeNanoseconds >= end {
            throw FileCopyError(cause: .timedOut(seconds: seconds), input: false, operation: "复制文件")
        }
    }
}
