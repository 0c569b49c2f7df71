import Foundation
import MicrochimeraKit

/// How `microchimera serve` runs: where it listens, which library it shows and
/// the bounds that keep any request from taking it down.
public struct ServerConfiguration: Sendable {
    /// The port `serve` uses unless told (`--port`); 0 asks the system for a free one.
    public static let defaultPort: UInt16 = 8321
    /// The address `serve` binds unless told (`--host`): loopback only.
    public static let defaultHost = "127.0.0.1"

    /// An IPv4 or IPv6 literal, or `localhost` (taken as 127.0.0.1).
    public var host: String
    public var port: UInt16
    /// The scenarios the page offers.
    public var library: ScenarioLibrary
    /// The largest request body read, in bytes (1 MiB); larger is 413.
    public var maximumBodyBytes: Int
    /// Computations run at once, each on a thread of its own outside Swift's cooperative pool.
    public var computeWorkers: Int
    /// Computations that may wait for a worker; one more is refused with 503 `busy`.
    public var computeQueueLimit: Int
    /// Pages with a computation in flight at once; one more is refused with 503 `busy`.
    public var maximumSessions: Int
    /// Seconds a request may take before the HTTP layer gives up on it (its computation is cancelled).
    public var requestTimeoutSeconds: Double

    public init(host: String = ServerConfiguration.defaultHost, port: UInt16 = ServerConfiguration.defaultPort,
                library: ScenarioLibrary, maximumBodyBytes: Int = 1 << 20,
                computeWorkers: Int = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4)),
                computeQueueLimit: Int = 32, maximumSessions: Int = 256, requestTimeoutSeconds: Double = 300) {
        self.host = host
        self.port = port
        self.library = library
        self.maximumBodyBytes = maximumBodyBytes
        self.computeWorkers = computeWorkers
        self.computeQueueLimit = computeQueueLimit
        self.maximumSessions = maximumSessions
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// `host` as the address literal to bind: `localhost` becomes 127.0.0.1, brackets around IPv6 are dropped.
    var bindAddress: String {
        if host.lowercased() == "localhost" { return "127.0.0.1" }
        if host.hasPrefix("["), host.hasSuffix("]") { return String(host.dropFirst().dropLast()) }
        return host
    }

    /// Whether `host` is a loopback address (127.0.0.0/8, ::1 or `localhost`): only this machine can connect.
    public var isLoopback: Bool { Self.isLoopback(bindAddress) }

    /// Whether the address literal `address` is on the loopback interface.
    static func isLoopback(_ address: String) -> Bool {
        if address == "::1" || address.lowercased() == "localhost" { return true }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
