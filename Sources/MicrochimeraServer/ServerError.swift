/// Why the server could not start; each message says what to change.
public enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--host` is not an IP address literal (or `localhost`).
    case badHost(String)
    /// The address could not be bound (in use, not this machine's, no permission).
    case cannotListen(host: String, port: UInt16, reason: String)

    public var description: String {
        switch self {
        case .badHost(let host):
            "--host '\(host)' is not an IP address: give an IPv4 or IPv6 address of this machine "
                + "(127.0.0.1, the default, for this machine only; 0.0.0.0 for every network interface)"
        case .cannotListen(let host, let port, let reason):
            "cannot listen on \(host) port \(port): \(reason); "
                + (port == 0 ? "check --host" : "choose another --port (0 picks a free one) or stop what uses it")
        }
    }
}
