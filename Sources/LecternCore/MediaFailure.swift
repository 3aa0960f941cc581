/// Why a file could not be probed or framed: the kinds of CLI.md, with a message that a
/// person can act on. Carried over the worker pipe, printed as `lectern: <file>: <message>`.
public struct MediaFailure: Error, Codable, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case notFound, notReadable, empty, notMedia, noVideo, corrupt, timedOut
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
