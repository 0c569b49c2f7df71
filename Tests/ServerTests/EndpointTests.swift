import Foundation
import MicrochimeraKit
@testable import MicrochimeraServer
import ScenarioFormat
import Testing
import TestSupport

/// The HTTP API of `microchimera serve` (docs/teaching-server.md): status
/// codes, content types, headers, error bodies and bounds, against a server
/// started in-process on a free loopback port.
@Suite struct EndpointTests {
    static let csp = "default-src 'self'; img-src 'self' data: blob:"

    @Test func thePageAndItsAssetsAreServedWithTheirTypesAndTheSecurityHeaders() async throws {
        let live = try await LiveServer.start()
        for (path, type, body) in [("/", "text/html; charset=utf-8", PageAssets.indexHTML),
                                   ("/index.html", "text/html; charset=utf-8", PageAssets.indexHTML),
                                   ("/app.js", "text/javascript; charset=utf-8", PageAssets.appJS),
                                   ("/style.css", "text/css; charset=utf-8", PageAssets.styleCSS)] {
            let reply = try await live.client.get(path)
            #expect(reply.status == 200, "\(path)")
            #expect(reply.header("Content-Type") == type, "\(path)")
            #expect(reply.header("Content-Security-Policy") == Self.csp, "\(path)")
            #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(path)")
            #expect(reply.text == body, "\(path)")
        }
        #expect(try await live.client.get("/").text.contains("id=\"scenario\""))
        await live.stop()
    }

    @Test func anUnknownPathIs404AndAWrongMethod405WithJSONBodies() async throws {
        let live = try await LiveServer.start()
        for path in ["/nope", "/api/nope", "/api/scenario/", "/app.js/extra", "/../etc/passwd"] {
            let reply = try await live.client.get(path)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8", "\(path)")
            #expect(reply.json["error"] is String, "\(path): \(reply.text)")
        }
        let post = try await live.client.post("/", json: ["x": 1])
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET")
        #expect((post.json["error"] as? String)?.contains("takes GET") == true)
        let get = try await live.client.get("/api/answer")
        #expect(get.status == 405)
        #expect(get.header("Allow") == "POST")
        #expect(get.header("Cache-Control") == "no-store")
        let delete = try await live.client.send(raw: live.client.request("DELETE", "/api/library", headers: [:], body: nil))
        #expect(delete.status == 405)
        #expect(delete.json["error"] is String)
        await live.stop()
    }

    @Test func theLibraryListsEveryScenarioWithTitleAndNotice() async throws {
        let live = try await LiveServer.start()
        let reply = try await live.client.get("/api/library")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
        #expect(reply.header("Cache-Control") == "no-store")
        #expect(reply.header("Content-Security-Policy") == Self.csp)
        let scenarios = try #require(reply.json["scenarios"] as? [[String: Any]])
        let expected = LiveServer.library.entries()
        #expect(scenarios.map { $0["name"] as? String } == expected.map(\.name))
        #expect(scenarios.map { $0["title"] as? String } == expected.map(\.title))
        #expect(scenarios.allSatisfy { $0["notice"] is String })
        #expect(expected.contains { $0.name == "single-pregnancy" })
        await live.stop()
    }

    @Test func aScenarioComesWithItsTextAndControlsAndAnUnknownOneIs404() async throws {
        let live = try await LiveServer.start()
        let reply = try await live.client.get("/api/scenario/single-pregnancy")
        #expect(reply.status == 200)
        let json = reply.json
        #expect(json["name"] as? String == "single-pregnancy")
        #expect(json["yaml"] as? String == (try LiveServer.text("single-pregnancy")))
        #expect(json["title"] is String && json["notice"] is String)
        let controls = try #require(json["controls"] as? [String: Any])
        #expect(controls["pregnancies"] is [Any] && controls["kinetics"] is [Any] && controls["events"] is [Any])
        for name in ["no-such-scenario", "..%2F..%2Fetc%2Fpasswd", "single-pregnancy.yaml", "%00"] {
            let missing = try await live.client.get("/api/scenario/\(name)")
            #expect(missing.status == 404, "\(name)")
            #expect(missing.json["error"] is String, "\(name): \(missing.text)")
        }
        await live.stop()
    }

    @Test func validateAcceptsAValidTextAndGivesValidatesDiagnosticsOtherwise() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let valid = try await live.client.post("/api/validate", json: ["yaml": yaml, "file": "single-pregnancy.yaml"])
        #expect(valid.status == 200)
        #expect(valid.json["ok"] as? Bool == true)
        #expect(valid.json["controls"] is [String: Any])

        let broken = yaml.replacingOccurrences(of: "horizon: 50 years", with: "horizon: fifty years")
        let invalid = try await live.client.post("/api/validate", json: ["yaml": broken, "file": "mine.yaml"])
        #expect(invalid.status == 422)
        let errors = try #require(invalid.json["errors"] as? [[String: Any]])
        // The same diagnostics as `microchimera validate` (ScenarioLoader's), field by field.
        var expected: [Diagnostic] = []
        do { _ = try ScenarioLoader.parse(text: broken, file: "mine.yaml") } catch { expected = error.diagnostics }
        #expect(!expected.isEmpty)
        #expect(errors.count == expected.count)
        for (got, want) in zip(errors, expected) {
            #expect(got["file"] as? String == "mine.yaml")
            #expect(got["line"] as? Int == want.line)
            #expect(got["column"] as? Int == want.column)
            #expect(got["key"] as? String == want.keyPath)
            #expect(got["message"] as? String == want.message)
            #expect(got["text"] as? String == want.description)
        }
        #expect(errors.first?["key"] as? String == "horizon")
        #expect(errors.first?["line"] as? Int == yaml.components(separatedBy: "\n").firstIndex { $0.hasPrefix("horizon:") }.map { $0 + 1 })

        // A diagnostic with no place in the file still has `line` and `column`, as null.
        let empty = try await live.client.post("/api/validate", json: ["yaml": "", "file": "empty.yaml"])
        #expect(empty.status == 422)
        let first = try #require((empty.json["errors"] as? [[String: Any]])?.first)
        #expect(first.keys.contains("line") && first.keys.contains("column"))
        await live.stop()
    }

    @Test func malformedBodiesAre400NamingWhatWasWrong() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let cases: [(Data, String)] = [
            (Data("{not json".utf8), "malformed JSON"),
            (Data("[1, 2]".utf8), "the body should be a JSON object"),
            (try JSONSerialization.data(withJSONObject: ["session": "a", "sequence": 1]), "missing field 'request'"),
            (try JSONSerialization.data(withJSONObject: ["session": "a", "sequence": "one",
                                                         "request": ["yaml": yaml, "file": "f", "assay": "hla", "stochastic": false]]),
             "field 'sequence' should be a number"),
            (try JSONSerialization.data(withJSONObject: ["session": "a", "sequence": 1,
                                                         "request": ["yaml": yaml, "file": "f", "stochastic": false]]),
             "missing field 'request.assay'"),
            (try JSONSerialization.data(withJSONObject: ["session": "a", "sequence": 1,
                                                         "request": ["yaml": yaml, "file": "f", "assay": "x-ray", "stochastic": false]]),
             "field 'request.assay'"),
        ]
        for (body, phrase) in cases {
            let reply = try await live.client.post("/api/answer", body: body)
            #expect(reply.status == 400, "\(phrase)")
            let message = reply.json["error"] as? String ?? ""
            #expect(message.contains(phrase), "\(phrase): \(message)")
            #expect(!message.contains("Swift.") && !message.contains("0x"), "no internals: \(message)")
        }
        for session in ["", String(repeating: "a", count: 65), "a b", "é", "../x", "a\u{0}"] {
            let reply = try await live.client.post("/api/answer", json: answerCall(session: session, yaml: yaml))
            #expect(reply.status == 400, "session '\(session)'")
            #expect((reply.json["error"] as? String)?.contains("field 'session'") == true)
        }
        let edit = try await live.client.post("/api/edit", json: ["yaml": yaml, "file": "f", "edits": [["op": "fly"]]])
        #expect(edit.status == 400)
        #expect((edit.json["error"] as? String)?.contains("edits[0].op") == true, "\(edit.text)")
        await live.stop()
    }

    @Test func aPOSTNeedsAContentLengthAndAtMostOneMebibyte() async throws {
        let live = try await LiveServer.start()
        let none = try await live.client.post("/api/validate", body: Data("{}".utf8), length: .some(nil))
        #expect(none.status == 411)
        #expect((none.json["error"] as? String)?.contains("Content-Length") == true)
        // FlyingFox itself closes a connection whose Content-Length is not a number, without a reply.
        let garbage = try? await live.client.post("/api/validate", body: Data("{}".utf8), length: "two")
        #expect(garbage == nil || garbage?.status == 400)

        let limit = 1 << 20
        let filler = String(repeating: "#", count: limit)
        let tooLarge = try JSONSerialization.data(withJSONObject: ["yaml": filler, "file": "big.yaml"])
        #expect(tooLarge.count > limit)
        let reply = try await live.client.post("/api/validate", body: tooLarge)
        #expect(reply.status == 413)
        #expect((reply.json["error"] as? String)?.contains("at most \(limit) bytes") == true)
        // Just under the bound is read (and is a valid request whose text is not a scenario).
        let fits = try JSONSerialization.data(withJSONObject: ["yaml": String(filler.prefix(limit - 100)), "file": "big.yaml"])
        #expect(fits.count <= limit)
        let read = try await live.client.post("/api/validate", body: fits)
        #expect(read.status == 422)
        // The server still answers.
        #expect(try await live.client.get("/api/library").status == 200)
        await live.stop()
    }

    @Test func anInvalidTextGets422AndAValidOneAnAnswer() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let broken = try await live.client.post("/api/answer", json: answerCall(sequence: 7, yaml: "horizon: [", file: "x.yaml"))
        #expect(broken.status == 422)
        #expect(broken.json["sequence"] as? Int == 7)
        let errors = try #require(broken.json["errors"] as? [[String: Any]])
        #expect(errors.first?["text"] as? String != nil && errors.first?["file"] as? String == "x.yaml")

        let reply = try await live.client.post("/api/answer", json: answerCall(sequence: 8, yaml: yaml))
        #expect(reply.status == 200)
        #expect(reply.json["sequence"] as? Int == 8)
        #expect(reply.json["answer"] is [String: Any] || reply.json["needsStochastic"] is [String: Any])
        #expect(live.server.sessionsInFlight == 0)
        await live.stop()
    }

    @Test func aNewerSequenceCancelsTheOlderWhichGets409() async throws {
        let gate = Gate()
        let live = try await LiveServer.start(backend: gate.backend())
        let yaml = try LiveServer.text("single-pregnancy")
        let client = live.client
        async let older = client.post("/api/answer", json: answerCall(session: "s1", sequence: 1, yaml: yaml))
        #expect(await LiveServer.eventually { gate.started == 1 })
        let progress = try await client.get("/api/progress?session=s1")
        #expect(progress.status == 200)
        #expect(progress.json["done"] as? Int == 3 && progress.json["total"] as? Int == 10)
        #expect(progress.json["running"] as? Bool == true)

        async let newer = client.post("/api/answer", json: answerCall(session: "s1", sequence: 2, yaml: yaml))
        let first = try await older
        #expect(first.status == 409)
        #expect(first.json["superseded"] as? Bool == true)
        #expect(first.json["sequence"] as? Int == 1)
        #expect(await LiveServer.eventually { gate.started == 2 })
        // A stale sequence of the same session is refused at once.
        let stale = try await client.post("/api/answer", json: answerCall(session: "s1", sequence: 1, yaml: yaml))
        #expect(stale.status == 409)
        gate.open()
        let second = try await newer
        #expect(second.status == 200)
        #expect(second.json["sequence"] as? Int == 2)
        #expect(((second.json["answer"] as? [String: Any])?["narration"] as? [String]) == ["gated"])
        // Nothing is kept once the computations ended.
        #expect(live.server.sessionsInFlight == 0)
        let idle = try await client.get("/api/progress?session=s1")
        #expect(idle.json["running"] as? Bool == false)
        #expect(try await client.get("/api/progress").status == 400)
        #expect(try await client.get("/api/progress?session=a%20b").status == 400)
        await live.stop()
    }

    @Test func aFullComputeQueueIs503Busy() async throws {
        let gate = Gate()
        let live = try await LiveServer.start(backend: gate.backend()) {
            $0.computeWorkers = 1
            $0.computeQueueLimit = 0
        }
        let yaml = try LiveServer.text("single-pregnancy")
        let client = live.client
        async let running = client.post("/api/answer", json: answerCall(session: "a", yaml: yaml))
        #expect(await LiveServer.eventually { gate.started == 1 })
        let busy = try await client.post("/api/answer", json: answerCall(session: "b", yaml: yaml))
        #expect(busy.status == 503)
        #expect((busy.json["error"] as? String)?.hasPrefix("busy") == true)
        // Validation runs on the text workers: a full engine queue does not hold it up.
        let validate = try await client.post("/api/validate", json: ["yaml": yaml, "file": "f.yaml"])
        #expect(validate.status == 200 && validate.json["ok"] as? Bool == true, "\(validate.text)")
        // The sockets stay responsive while the worker is held.
        #expect(try await client.get("/").status == 200)
        gate.open()
        #expect(try await running.status == 200)
        #expect(try await client.post("/api/answer", json: answerCall(session: "b", yaml: yaml)).status == 200)
        await live.stop()
    }

    @Test func theSessionsInFlightAreBounded() async throws {
        let gate = Gate()
        let live = try await LiveServer.start(backend: gate.backend()) { $0.maximumSessions = 1 }
        let yaml = try LiveServer.text("single-pregnancy")
        let client = live.client
        async let running = client.post("/api/answer", json: answerCall(session: "a", yaml: yaml))
        #expect(await LiveServer.eventually { gate.started == 1 })
        let refused = try await client.post("/api/answer", json: answerCall(session: "b", yaml: yaml))
        #expect(refused.status == 503)
        gate.open()
        #expect(try await running.status == 200)
        #expect(live.server.sessionsInFlight == 0)
        await live.stop()
    }

    @Test func downloadsAreAttachmentsNamedAfterTheScenario() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let request: [String: Any] = ["yaml": yaml, "file": "single-pregnancy.yaml", "assay": "y_chromosome", "stochastic": false]
        let text = try await live.client.post("/api/download", json: ["which": "scenario.yaml", "request": request])
        #expect(text.status == 200)
        #expect(text.header("Content-Type") == "text/yaml; charset=utf-8")
        #expect(text.header("Content-Disposition") == "attachment; filename=\"single-pregnancy-scenario.yaml\"")
        #expect(text.text == yaml)
        let csv = try await live.client.post("/api/download", json: ["which": "summary.csv", "request": request])
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"single-pregnancy-summary.csv\"")
        let unknown = try await live.client.post("/api/download", json: ["which": "../../etc/passwd", "request": request])
        #expect(unknown.status == 400)
        #expect((unknown.json["error"] as? String)?.contains("timeseries.csv") == true)
        var broken = request
        broken["yaml"] = "horizon: ["
        let invalid = try await live.client.post("/api/download", json: ["which": "timeseries.csv", "request": broken])
        #expect(invalid.status == 422)
        #expect(invalid.json["errors"] is [[String: Any]])
        await live.stop()
    }

    @Test func editReturnsTheTextAndControlsOr422() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let edited = try await live.client.post("/api/edit", json: ["yaml": yaml, "file": "single-pregnancy.yaml", "edits": []])
        #expect(edited.status == 200)
        #expect(edited.json["yaml"] is String && edited.json["controls"] is [String: Any])
        let invalid = try await live.client.post("/api/edit", json: ["yaml": "horizon: [", "file": "x.yaml", "edits": []])
        #expect(invalid.status == 422)
        #expect(invalid.json["errors"] is [[String: Any]])
        await live.stop()
    }

    @Test func aLoopbackServerRefusesRequestsForOtherHostNames() async throws {
        let live = try await LiveServer.start()
        for host in ["127.0.0.1:\(live.server.port)", "localhost:8321", "[::1]:8321", "127.0.0.2", "LOCALHOST"] {
            #expect(try await live.client.get("/api/library", headers: ["Host": host]).status == 200, "\(host)")
        }
        // The client sends its own Host line first; a second one replaces it in FlyingFox's table.
        let rebound = try await live.client.get("/api/library", headers: ["Host": "attacker.example:8321"])
        #expect(rebound.status == 403)
        #expect((rebound.json["error"] as? String)?.contains("attacker.example") == true)
        await live.stop()
    }

    @Test func aHostThatIsNotAnAddressIsRefusedAndLoopbackIsRecognised() throws {
        #expect(throws: ServerError.badHost("example.org")) {
            try LessonServer(configuration: ServerConfiguration(host: "example.org", port: 0, library: LiveServer.library))
        }
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] {
            #expect(ServerConfiguration(host: host, library: LiveServer.library).isLoopback, "\(host)")
        }
        for host in ["0.0.0.0", "192.168.1.2", "::", "128.0.0.1"] {
            #expect(!ServerConfiguration(host: host, library: LiveServer.library).isLoopback, "\(host)")
        }
    }

    @Test func aTakenPortIsACannotListenError() async throws {
        let live = try await LiveServer.start()
        let second = try LessonServer(configuration: ServerConfiguration(port: live.server.port, library: LiveServer.library))
        await #expect(throws: ServerError.self) { try await second.serve { _ in } }
        await live.stop()
    }

    @Test func downloadNamesAreSafe() {
        #expect(LessonRouter.stem(of: "single-pregnancy.yaml") == "single-pregnancy")
        #expect(LessonRouter.stem(of: "dir/sub/twins.yml") == "twins")
        #expect(LessonRouter.stem(of: "a\"b;c\r\n.yaml") == "a_b_c__")
        #expect(LessonRouter.stem(of: "") == "scenario")
        #expect(LessonRouter.stem(of: "..") == "scenario")
    }
}
