import Catalog
import Hummingbird
import NIOCore

/// Per request: who is asking (the session, once the session middleware has read the
/// cookie) and from where (failed logins are slowed down per user and per address).
public struct DeskContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: WebSession?
    public var sessionToken: String?
    public let address: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress
    }

    /// Form bodies are small; nothing else is uploaded through the desk.
    public var maxUploadSize: Int { 64 * 1024 }
}
