import FlyingFox
import FlyingSocks
import Foundation
import MicrochimeraKit
import Synchronization

/// The teaching page's web server: the page and its assets from the binary,
/// and the JSON API over `LessonPipeline` (docs/teaching-server.md).
///
/// FlyingFox reads and writes the sockets on Swift's concurrency pool;
/// `LessonRouter` answers each request; the engines run on a `ComputePool`
/// of their own threads, with a bounded queue; `SessionRegistry` lets a
/// page's newer change cancel its older one. Nothing is kept per page once
/// its computation ends.
public final class LessonServer: Sendable {
    public let configuration: ServerConfiguration
    private let http: HTTPServer
    private let pool: ComputePool
    private let textPool: ComputePool
    private let sessions: SessionRegistry
    private let running = Mutex<Task<Void, any Error>?>(nil)
    private let boundPort = Atomic<UInt16>(0)
    private let stopping = Atomic<Bool>(false)

    /// Prepares a server (nothing listens before `serve`); throws when `host` is not an address.
    public init(configuration: ServerConfiguration, backend: LessonBackend = .pipeline) throws(ServerError) {
        self.configuration = configuration
        let address: any SocketAddress
        do {
            let literal = configuration.bindAddress
            if literal.contains(":") {
                address = try sockaddr_in6.inet6(ip6: literal, port: configuration.port)
            } else {
                address = try sockaddr_in.inet(ip4: literal, port: configuration.port)
            }
        } catch {
            throw .badHost(configuration.host)
        }
        pool = ComputePool(workers: configuration.computeWorkers, queueLimit: configuration.computeQueueLimit)
        // Edits, validation and controls take milliseconds: their own workers, so that they never wait behind answers.
        textPool = ComputePool(workers: 2, queueLimit: configuration.computeQueueLimit)
        sessions = SessionRegistry(limit: configuration.maximumSessions)
        let router = LessonRouter(configuration: configuration, backend: backend, pool: pool, textPool: textPool, sessions: sessions)
        let config = HTTPServer.Configuration(address: address, timeout: configuration.requestTimeoutSeconds,
                                              sharedRequestReplaySize: max(configuration.maximumBodyBytes, 4096),
                                              logger: .disabled)
        http = HTTPServer(config: config, handler: router)
    }

    /// The port listened on (the system's choice for port 0), once `serve` has called `onListening`; else 0.
    public var port: UInt16 { boundPort.load(ordering: .acquiring) }

    /// `http://HOST:PORT/` for the bound port (an IPv6 host in brackets).
    public var url: String {
        let host = configuration.bindAddress.contains(":") ? "[\(configuration.bindAddress)]" : configuration.bindAddress
        return "http://\(host):\(port)/"
    }

    /// Listens, calls `onListening` with the page's address, and serves until `stop()`.
    ///
    /// Throws `.cannotListen` when the address cannot be bound (nothing is called then).
    public func serve(onListening: @Sendable (String) -> Void) async throws(ServerError) {
        let http = self.http
        let startup = Startup()
        let task = Task {
            do { try await http.run() } catch {
                startup.finish(.failure(error))
                throw error
            }
            startup.finish(.failure(SocketError.disconnected))
        }
        running.withLock { $0 = task }
        let waiter = Task {
            do {
                try await http.waitUntilListening(timeout: 30)
                startup.finish(.success(()))
            } catch { startup.finish(.failure(error)) }
        }
        let started = await startup.result()
        waiter.cancel()
        if case .failure(let error) = started {
            task.cancel()
            throw .cannotListen(host: configuration.host, port: configuration.port, reason: Self.reason(error))
        }
        if case .ip4(_, let port)? = await http.listeningAddress { boundPort.store(port, ordering: .releasing) }
        if case .ip6(_, let port)? = await http.listeningAddress { boundPort.store(port, ordering: .releasing) }
        onListening(url)
        let ended = await task.result
        let (pool, textPool) = (self.pool, self.textPool)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                pool.shutdown()
                textPool.shutdown()
                done.resume()
            }
        }
        if case .failure(let error) = ended, !stopping.load(ordering: .acquiring) {
            throw .cannotListen(host: configuration.host, port: port, reason: "stopped listening: \(Self.reason(error))")
        }
    }

    /// Stops listening, cancels the computations in flight, and lets `serve` return; idempotent.
    public func stop() async {
        stopping.store(true, ordering: .releasing)
        sessions.cancelAll()
        await http.stop(timeout: 2)
        running.withLock { $0 }?.cancel()
    }

    /// Sessions with a computation in flight (0 when the server is idle).
    public var sessionsInFlight: Int { sessions.count }

    /// A socket error as a sentence.
    private static func reason(_ error: any Error) -> String {
        if let socket = error as? SocketError, case .failed(_, let errno, let message) = socket {
            return "\(message) (errno \(errno))"
        }
        return "\(error)"
    }

    /// The first outcome of starting: listening, or the error that stopped it.
    private final class Startup: Sendable {
        private let state = Mutex<(outcome: Result<Void, any Error>?, waiter: CheckedContinuation<Result<Void, any Error>, Never>?)>((nil, nil))

        func finish(_ outcome: Result<Void, any Error>) {
            let waiter = state.withLock { state -> CheckedContinuation<Result<Void, any Error>, Never>? in
                guard state.outcome == nil else { return nil }
                state.outcome = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: outcome)
        }

        func result() async -> Result<Void, any Error> {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if let outcome = state.outcome { return outcome }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
