import Foundation

/// Why `lectern serve` could not start listening, with the system's own cause.
public enum DeskStartError: Error, CustomStringConvertible {
    /// EADDRINUSE: another program (often another `lectern serve`) holds the port.
    case addressInUse(port: Int)
    /// Any other failure to bind: the errno and the error that carried it.
    case cannotStart(host: String, port: Int, errno: Int32, underlying: any Error)

    public var description: String {
        switch self {
        case .addressInUse(let port):
            "端口 \(port) 已被占用（可能已有一个 lectern serve 在运行）；请换一个端口，例如 --port \(port + 1)"
        case .cannotStart(let host, let port, let code, _):
            "网页审核台无法在 \(host):\(port) 上启动：\(String(cString: strerror(code)))（errno \(code)）"
        }
    }
}
