import ArgumentParser
import Foundation
import MicrochimeraKit
import MicrochimeraServer
import Reporting
import Synchronization

/// `microchimera serve`: the teaching page on a local web server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the teaching page: library scenarios a class can change with the mouse, answered at once.",
        discussion: """
            Examples:
              microchimera serve                     # http://127.0.0.1:8321/
              microchimera serve --port 0 --open     # any free port, opened in the browser
              microchimera serve --host 0.0.0.0      # a classroom network (warns: anyone there can use it)

            The first line on standard output is the page's address. The page and its script \
            are inside the binary: nothing is fetched from the internet. Ctrl-C (or SIGTERM) \
            stops the server and exits 0. Exit codes: 64 usage (a --host that is not an address, \
            no library), 69 the address cannot be listened on (the port is in use).
            """
    )

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one (printed on the first line).", valueName: "n"))
    var port: UInt16 = ServerConfiguration.defaultPort

    @Option(help: ArgumentHelp("The address to listen on: 127.0.0.1 (this machine only) unless told; "
                               + "0.0.0.0 for every network interface.", valueName: "h"))
    var host: String = ServerConfiguration.defaultHost

    @Option(help: ArgumentHelp("The scenario library folder (default: $MICROCHIMERA_LIBRARY, ./scenarios, or the repository's).",
                               valueName: "dir"))
    var library: String?

    @Flag(help: "Open the page in the default browser (xdg-open).")
    var open = false

    func run() throws {
        let shelf: ScenarioLibrary
        do { shelf = try ScenarioLibrary.locate(explicit: library) } catch { throw CLIErrors.report(error) }
        let server: LessonServer
        do {
            server = try LessonServer(configuration: ServerConfiguration(host: host, port: port, library: shelf))
        } catch {
            CLIErrors.printError(error.description)
            throw ExitCode(64)
        }
        if !server.configuration.isLoopback {
            FileHandle.standardError.write(Data(("warning: --host \(host) is not a loopback address: anyone who can "
                + "reach this machine on port \(port == 0 ? "(chosen below)" : String(port)) can use the page and its "
                + "computations; use it on a classroom network you trust, and stop the server after the lesson\n").utf8))
        }
        let finished = DispatchSemaphore(value: 0)
        let failure = Failure()
        ShutdownSignals.install { _ in
            TemporaryFiles.removeAll()
            Task { await server.stop() }
        }
        let openPage = open
        Task {
            do throws(ServerError) {
                try await server.serve { url in
                    print("Serving the teaching page on \(url) (Ctrl-C stops)")
                    fflush(nil)  // every stream: the global `stdout` is not concurrency-safe to name
                    if openPage { Self.openInBrowser(url) }
                }
            } catch {
                failure.error.withLock { $0 = error }
            }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error.withLock({ $0 }) {
            CLIErrors.printError(error.description)
            throw ExitCode(69)
        }
    }

    /// Why `serve` ended, when it was not a signal.
    private final class Failure: Sendable {
        let error = Mutex<ServerError?>(nil)
    }

    /// Runs `xdg-open url` when it is on the PATH; otherwise says to open the address.
    static func openInBrowser(_ url: String) {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let opener = path.split(separator: ":").map { "\($0)/xdg-open" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let opener else {
            print("xdg-open was not found: open \(url) in a web browser")
            fflush(nil)  // every stream: the global `stdout` is not concurrency-safe to name
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            print("could not run xdg-open (\(error.localizedDescription)): open \(url) in a web browser")
            fflush(nil)  // every stream: the global `stdout` is not concurrency-safe to name
        }
    }
}
