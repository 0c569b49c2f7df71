import Foundation
import MicrochimeraKit
@testable import MicrochimeraServer
import Synchronization
import TestSupport

/// A `LessonServer` listening on a free loopback port for one test, with a client for it.
struct LiveServer {
    let server: LessonServer
    let client: HTTPTestClient
    private let task: Task<Void, Never>

    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The shipped library.
    static let library = ScenarioLibrary(directory: root + "/scenarios")

    /// The text of the shipped scenario `name`.
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: root + "/scenarios/\(name).yaml", encoding: .utf8)
    }

    /// Starts a server on port 0 with `backend`, after `adjust` changed its configuration.
    static func start(backend: LessonBackend = .pipeline,
                      _ adjust: (inout ServerConfiguration) -> Void = { _ in }) async throws -> LiveServer {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, library: library)
        adjust(&configuration)
        let server = try LessonServer(configuration: configuration, backend: backend)
        let task = Task { _ = try? await server.serve { _ in } }
        let deadline = Date().addingTimeInterval(patience)
        while server.port == 0, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        guard server.port != 0 else { throw HTTPTestClient.Failure(description: "the server did not start in \(patience) s") }
        return LiveServer(server: server, client: HTTPTestClient(port: server.port), task: task)
    }

    /// Stops the server and waits until `serve` returned.
    func stop() async {
        await server.stop()
        await task.value
    }

    /// How long a test waits for the server: the in-process server shares Swift's
    /// cooperative pool with the whole suite, whose CPU-bound tests may hold it
    /// for minutes on 2 cores (alone, every wait here takes milliseconds).
    static let patience: TimeInterval = 600

    /// Polls `condition` every 5 ms for up to `patience`; whether it became true.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}

/// A stand-in computation that holds its worker until the test opens it (or it is cancelled).
final class Gate: Sendable {
    private let opened = Atomic<Bool>(false)
    private let entered = Atomic<Int>(0)

    /// Computations that have started waiting.
    var started: Int { entered.load(ordering: .acquiring) }

    func open() { opened.store(true, ordering: .releasing) }

    /// Waits for `open()` (at most `LiveServer.patience`); throws `.cancelled` as soon as `cancellation` is set.
    func wait(_ cancellation: LessonCancellation) throws(LessonError) {
        entered.add(1, ordering: .acquiringAndReleasing)
        let deadline = Date().addingTimeInterval(LiveServer.patience)
        while Date() < deadline {
            if cancellation.isCancelled { throw .cancelled }
            if opened.load(ordering: .acquiring) { return }
            usleep(1000)
        }
    }

    /// The real backend with an `answer` that reports 3 of 10 replicates, then waits at this gate.
    func backend() -> LessonBackend {
        var backend = LessonBackend.pipeline
        backend.answer = { (request, cancellation, progress) throws(LessonError) -> LessonOutcome in
            progress?(3, 10)
            try self.wait(cancellation)
            return .answer(LessonAnswer(method: "moments", exact: true, replicates: 0, svg: "<svg/>", curves: [],
                                        narration: ["gated"], elapsedMilliseconds: 0))
        }
        return backend
    }
}

/// An `/api/answer` body.
func answerCall(session: String = "page-1", sequence: Int = 1, yaml: String, file: String = "single-pregnancy.yaml",
                assay: String = "y_chromosome", stochastic: Bool = false) -> [String: Any] {
    ["session": session, "sequence": sequence,
     "request": ["yaml": yaml, "file": file, "assay": assay, "stochastic": stochastic] as [String: Any]]
}
