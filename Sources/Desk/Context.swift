import Catalog
import Hummingbird
import NIOCore

/// Per request: who is asking (the session, once the session middleware has read the
/// cookie) and from where (failed logins are slowed down per user and per address).
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: WebSession?
    public var sessionToken: String?
    /// The client's address: the peer's, or, when the peer is a trusted reverse proxy, the
    /// address it says it forwards for (`X-Forwarded-For`); never a header from anyone else,
    /// or a client could name itself anything and slip past the login throttle.
    public var address: String?
    /// The address of the connection itself.
    public let peer: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress
        address = peer
    }

    /// Form bodies are small; nothing else is uploaded through the desk.
    public var maxUploadSize: Int { 64 * 1024 }
}
