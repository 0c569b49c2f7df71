import Foundation
#if os(Linux)
import Glibc
#endif

/// A minimal HTTP/1.1 client (for the tests of `microchimera serve`) over a blocking socket to 127.0.0.1, written
/// for these tests so that they control every byte sent (no Content-Length,
/// a wrong one, a huge body) and see every byte received.
///
/// Each request opens a connection, sends `Connection: close`, and reads the
/// reply to the end. The blocking calls run on a thread of their own, off
/// Swift's cooperative pool. A server started inside the test process runs
/// on that pool, which the whole suite's CPU-bound tests may hold for
/// minutes on a 2-core machine: hence a generous receive timeout (10
/// minutes, `timeoutSeconds`), which only keeps a broken server from hanging
/// the suite for ever.
public struct HTTPTestClient: Sendable {
    public let port: UInt16
    /// How long to wait for the connection to accept bytes or give a reply.
    public var timeoutSeconds: Int

    public init(port: UInt16, timeoutSeconds: Int = 600) {
        self.port = port
        self.timeoutSeconds = timeoutSeconds
    }

    /// A parsed reply.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The header `name` (case-insensitive).
        public func header(_ name: String) -> String? { headers[name.lowercased()] }
        /// The body as a JSON object.
        public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send(raw: request("GET", path, headers: headers, body: nil))
    }

    /// POSTs `json` (an object serialised here) with its Content-Length.
    public func post(_ path: String, json: Any) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return try await send(raw: request("POST", path, headers: ["Content-Type": "application/json"], body: body))
    }

    /// POSTs `body` as is, with its Content-Length unless `length` says another (nil: none).
    public func post(_ path: String, body: Data, length: String?? = .none) async throws -> Reply {
        var headers = ["Content-Type": "application/json"]
        switch length {
        case .none: headers["Content-Length"] = String(body.count)
        case .some(.none): break
        case .some(.some(let value)): headers["Content-Length"] = value
        }
        return try await send(raw: request("POST", path, headers: headers, body: body, addLength: false))
    }

    public func request(_ method: String, _ path: String, headers: [String: String], body: Data?, addLength: Bool = true) -> Data {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if addLength, let body { head += "Content-Length: \(body.count)\r\n" }
        var data = Data((head + "\r\n").utf8)
        if let body { data.append(body) }
        return data
    }

    /// Sends `raw` bytes and reads the reply to the end of the connection.
    public func send(raw: Data) async throws -> Reply {
        let port = self.port, timeout = timeoutSeconds
        let result: Result<Data, Failure> = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: Self.exchange(raw, port: port, timeout: timeout)) }
        }
        return try Self.parse(result.get())
    }

    private static func exchange(_ raw: Data, port: UInt16, timeout seconds: Int) -> Result<Data, Failure> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(Failure(description: "socket: errno \(errno)")) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return .failure(Failure(description: "connect to port \(port): errno \(errno)")) }
        var sent = 0
        let sendFailed = raw.withUnsafeBytes { buffer -> Bool in
            while sent < buffer.count {
                let n = Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return true }
                sent += n
            }
            return false
        }
        // A server may answer (413) before it reads everything: read what came back either way.
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: chunk[0..<n])
        }
        if received.isEmpty {
            return .failure(Failure(description: sendFailed ? "the server closed the connection while the request was sent"
                                                     : "no reply"))
        }
        return .success(received)
    }

    /// Splits a reply into status, headers and a body of Content-Length bytes.
    public static func parse(_ data: Data) throws -> Reply {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no end of headers in: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in: \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init), body.count > length { body = body.prefix(length) }
        return Reply(status: status, headers: headers, body: body)
    }
}
