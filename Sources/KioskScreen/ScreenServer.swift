import Dispatch
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The operator's screen: the page (HTML, CSS, JavaScript from the resources) over HTTP, and a WebSocket
/// at `/state` that pushes the station's ``ScreenState`` as JSON each time it changes and takes touches
/// (``ScreenAction``) back.
///
/// Clients on the machine itself are let in; any other must give the station's screen token
/// (``ScreenAccess``) as `?token=`. `/` is the operator's page, `/customer` the customer-facing display
/// (the total and what is due, nothing to touch).
public final class ScreenServer: Sendable {
    /// The most screens at once: the operator's, a customer display and a technician's second screen.
    public static let maximumClients = 8
    private let host: String
    private let requestedPort: Int
    private let access: ScreenAccess
    private let pages: ScreenPages
    private let logger: Logger
    private let actions: @Sendable (ScreenAction) -> Void
    private let clients = Mutex(Clients())
    /// The server's service group, once started: stopping shuts it down gracefully, so the server ends
    /// its accept loop instead of logging a cancellation.
    private let running = Mutex<ServiceGroup?>(nil)

    /// The pushed state and the screens that want it.
    private struct Clients {
        var latest: String?
        var streams: [Int: AsyncStream<String>.Continuation] = [:]
        var nextID = 0
    }

    /// A server for `host:port` (port 0: any free port); `actions` gets each touch, on a server thread.
    public init(host: String, port: Int, access: ScreenAccess, pages: ScreenPages, logger: Logger,
                actions: @escaping @Sendable (ScreenAction) -> Void) {
        self.host = host
        self.requestedPort = port
        self.access = access
        self.pages = pages
        self.logger = logger
        self.actions = actions
    }

    /// Starts serving; returns the port once the server listens, or throws if it cannot.
    public func start() throws -> Int {
        let bound = BindOutcome()
        let application = Application(
            router: pagesRouter(),
            server: .http1WebSocketUpgrade(webSocketRouter: socketRouter(), configuration: .init(ws: .init(maxFrameSize: 1 << 12))),
            configuration: .init(address: .hostname(host, port: requestedPort), serverName: "kiosk"),
            onServerRunning: { channel in bound.settle(.success(channel.localAddress?.port ?? 0)) },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        running.withLock { $0 = group }
        Task {
            do {
                try await group.run()
            } catch {
                bound.settle(.failure(error))
            }
        }
        return try bound.wait().get()
    }

    /// The port the server bound, or why it could not, handed from the server's task to ``start()``.
    private final class BindOutcome: Sendable {
        private let outcome = Mutex<Result<Int, any Error>?>(nil)
        private let settled = DispatchSemaphore(value: 0)

        /// Keeps the first outcome only: a server that stops after binding does not undo its start.
        func settle(_ result: Result<Int, any Error>) {
            let first = outcome.withLock { current in
                guard current == nil else { return false }
                current = result
                return true
            }
            if first { settled.signal() }
        }

        func wait() -> Result<Int, any Error> {
            settled.wait()
            return outcome.withLock { $0! }
        }
    }

    /// Stops serving and ends every screen's connection.
    public func stop() {
        if let group = running.withLock({ $0 }) {
            Task { await group.triggerGracefulShutdown() }
        }
        clients.withLock { clients in
            for stream in clients.streams.values { stream.finish() }
            clients.streams.removeAll()
        }
    }

    /// Pushes `state` to every screen (and to any that connects later). Called on the station's loop.
    public func publish(_ state: ScreenState) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(state) else { return }
        let text = String(decoding: data, as: UTF8.self)
        clients.withLock { clients in
            clients.latest = text
            for stream in clients.streams.values { stream.yield(text) }
        }
    }

    /// The page's files, at their paths.
    private func pagesRouter() -> Router<ScreenRequestContext> {
        let router = Router(context: ScreenRequestContext.self)
        router.add(middleware: ScreenAccessMiddleware(access: access))
        for page in pages.all {
            router.get(RouterPath(page.path)) { _, _ in
                Response(status: .ok, headers: [.contentType: page.contentType, .cacheControl: "no-store"],
                         body: .init(byteBuffer: ByteBuffer(bytes: page.bytes)))
            }
        }
        return router
    }

    /// The state's WebSocket, `/state`.
    private func socketRouter() -> Router<ScreenRequestContext> {
        let router = Router(context: ScreenRequestContext.self)
        router.add(middleware: ScreenAccessMiddleware(access: access))
        router.ws("/state") { [self] _, _ in
            clients.withLock { $0.streams.count } < Self.maximumClients ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { [self] inbound, outbound, _ in
            try await self.serve(inbound: inbound, outbound: outbound)
        }
        return router
    }

    /// One screen's connection: the latest state at once, then each new one; its touches to `actions`.
    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (states, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = clients.withLock { clients in
            let id = clients.nextID
            clients.nextID += 1
            clients.streams[id] = continuation
            if let latest = clients.latest { continuation.yield(latest) }
            return id
        }
        defer { _ = clients.withLock { $0.streams.removeValue(forKey: id) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await state in states {
                    try await outbound.write(.text(state))
                }
            }
            // The touches are read here, beside the writer: the inbound stream belongs to this task.
            for try await message in inbound.messages(maxSize: 1 << 12) {
                guard case .text(let text) = message, let action = ScreenAction(json: text) else {
                    logger.notice("screen: a message that is no touch was ignored")
                    continue
                }
                actions(action)
            }
            continuation.finish()
            group.cancelAll()
        }
    }
}

/// A request's context: the address it came from, for ``ScreenAccessMiddleware``.
struct ScreenRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    /// Whether the client is on this machine (a loopback address).
    let isLocal: Bool

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        let address = source.channel.remoteAddress?.ipAddress ?? ""
        isLocal = address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}

/// Lets in clients on this machine, and others that give the screen token.
struct ScreenAccessMiddleware: RouterMiddleware {
    typealias Context = ScreenRequestContext
    let access: ScreenAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.isLocal || access.admits(token: request.uri.queryParameters["token"].map(String.init)) else {
            return Response(status: .forbidden)
        }
        return try await next(request, context)
    }
}
