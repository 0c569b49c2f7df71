import Foundation
import TestSupport

/// Runs the built `microchimera` executable as a user would.
struct CLIHarness {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The package root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable, built next to the test bundle by `swift build --build-tests`.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = testBinary.deletingLastPathComponent()
        // Swift Testing on Linux runs `<bin>/<Package>PackageTests.xctest`; go up until the product is found.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("microchimera")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/microchimera")
    }()

    /// Runs the `microchimera` executable with `arguments` in `directory`
    /// (the package root unless told).
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        try run(executable, arguments, in: directory)
    }

    /// Runs `program` and collects its exit status, standard output and
    /// standard error.
    ///
    /// Both pipes are read at the same time (standard error on another
    /// thread): a child that fills one pipe's buffer (64 KiB on Linux) while
    /// the harness waits for the end of the other would block forever.
    static func run(_ program: URL, _ arguments: [String], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = PipeReader(err)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own.
    private final class PipeReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        /// Starts reading `pipe`.
        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        /// Everything the pipe carried, once its writers have closed it.
        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// A fresh empty temporary directory, removed when the tests end.
    static func temporaryDirectory() throws -> URL {
        try TemporaryDirectory.make("mc-cli")
    }

    /// Writes `text` to `name` inside `directory` and returns its path.
    static func write(_ text: String, named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
