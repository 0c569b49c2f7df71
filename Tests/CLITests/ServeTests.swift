import Foundation
import Testing
import TestSupport

/// `microchimera serve` as a user runs it: the address on the first line,
/// the page at that address, a clean exit on SIGTERM, and the warning for an
/// address other than loopback.
@Suite struct ServeTests {
    /// A running `serve` process with its standard output and error collected as they come.
    final class Served: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()

        init(_ arguments: [String]) throws {
            process.executableURL = CLIHarness.executable
            process.arguments = ["serve"] + arguments
            process.currentDirectoryURL = CLIHarness.packageRoot
            let outPipe = Pipe(), errPipe = Pipe()
            process.standardOutput = outPipe
            process.standardError = errPipe
            outPipe.fileHandleForReading.readabilityHandler = { [unowned self] handle in
                let data = handle.availableData
                lock.lock(); out.append(data); lock.unlock()
            }
            errPipe.fileHandleForReading.readabilityHandler = { [unowned self] handle in
                let data = handle.availableData
                lock.lock(); err.append(data); lock.unlock()
            }
            try process.run()
        }

        var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: out, as: UTF8.self) }
        var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: err, as: UTF8.self) }

        /// The first complete line of standard output (waits up to 10 minutes: in the full suite,
        /// CPU-bound tests can hold Swift's cooperative pool, and with it this loop, for minutes;
        /// the output is looked at before the deadline is, so a line printed meanwhile is found).
        func firstLine() async -> String? {
            let deadline = Date().addingTimeInterval(600)
            while true {
                if let line = stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().first {
                    return String(line)
                }
                if !process.isRunning || Date() >= deadline { return nil }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }

        /// Waits up to 2 minutes for the process to end; whether it did.
        func ended() async -> Bool {
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
            return !process.isRunning
        }
    }

    /// The port of `Serving the teaching page on http://HOST:PORT/ (Ctrl-C stops)`.
    static func port(of line: String, host: String) -> UInt16? {
        let prefix = "Serving the teaching page on http://\(host):"
        guard line.hasPrefix(prefix), line.hasSuffix("/ (Ctrl-C stops)") else { return nil }
        return UInt16(line.dropFirst(prefix.count).prefix { $0.isNumber })
    }

    @Test func servePrintsItsAddressServesThePageAndStopsCleanlyOnSIGTERM() async throws {
        let served = try Served(["--port", "0", "--library", CLIHarness.packageRoot.path + "/scenarios"])
        let line = try #require(await served.firstLine(), "no first line; stderr: \(served.stderr)")
        let port = try #require(Self.port(of: line, host: "127.0.0.1"), "first line: \(line)")
        #expect(port != 0)
        let client = HTTPTestClient(port: port)
        let page = try await client.get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.header("Content-Security-Policy") == "default-src 'self'; img-src 'self' data: blob:")
        #expect(try await client.get("/api/library").status == 200)
        #expect(served.stderr.isEmpty, "\(served.stderr)")
        served.process.terminate()
        #expect(await served.ended())
        #expect(served.process.terminationReason == .exit)
        #expect(served.process.terminationStatus == 0)
    }

    @Test func aHostOtherThanLoopbackIsServedWithAWarning() async throws {
        let served = try Served(["--port", "0", "--host", "0.0.0.0"])
        let line = try #require(await served.firstLine(), "no first line; stderr: \(served.stderr)")
        let port = try #require(Self.port(of: line, host: "0.0.0.0"), "first line: \(line)")
        // Only loopback traffic: the server listens everywhere, the test talks to 127.0.0.1.
        #expect(try await HTTPTestClient(port: port).get("/api/library").status == 200)
        #expect(served.stderr.contains("warning: --host 0.0.0.0 is not a loopback address"), "\(served.stderr)")
        served.process.interrupt()
        #expect(await served.ended())
        #expect(served.process.terminationStatus == 0)
    }

    @Test func aBadHostIsAUsageErrorAndATakenPortSaysSo() async throws {
        let bad = try CLIHarness.run(["serve", "--host", "not-an-address", "--port", "0"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--host 'not-an-address' is not an IP address"), "\(bad.stderr)")
        #expect(bad.stdout.isEmpty)

        let first = try Served(["--port", "0"])
        let line = try #require(await first.firstLine())
        let port = try #require(Self.port(of: line, host: "127.0.0.1"))
        let second = try CLIHarness.run(["serve", "--port", String(port)])
        #expect(second.status == 69)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1 port \(port)"), "\(second.stderr)")
        first.process.terminate()
        #expect(await first.ended())
        #expect(first.process.terminationStatus == 0)
    }
}
