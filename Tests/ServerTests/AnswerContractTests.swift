import Foundation
import MicrochimeraKit
@testable import MicrochimeraServer
import Testing
import TestSupport

/// What `/api/answer` and `/api/download` carry, checked against the issue 22
/// contract. These need the real `LessonPipeline` (helpers COMPUTE and
/// STORY): on a branch with the temporary shim (whose answers have method
/// `shim`) they are skipped, and they run once the real functions are merged.
@Suite(.enabled(if: RealLesson.available, "needs the real LessonPipeline.answer/download (helper COMPUTE), not the shim"))
struct AnswerContractTests {
    @Test func theDefaultScenarioIsAnsweredExactlyWithTimelineCurvesAndNarration() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let reply = try await live.client.post("/api/answer", json: answerCall(sequence: 3, yaml: yaml))
        #expect(reply.status == 200)
        #expect(reply.json["sequence"] as? Int == 3)
        let answer = try #require(reply.json["answer"] as? [String: Any], "\(reply.text.prefix(300))")
        #expect(answer["method"] as? String == "moments")
        #expect(answer["exact"] as? Bool == true)
        #expect(answer["replicates"] as? Int == 0)
        #expect((answer["svg"] as? String)?.contains("<svg") == true)
        let curves = try #require(answer["curves"] as? [[String: Any]])
        #expect(!curves.isEmpty)
        for curve in curves {
            let times = try #require(curve["timesYears"] as? [Double])
            let present = try #require(curve["present"] as? [Double])
            #expect(!times.isEmpty && times.count == present.count)
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(present.allSatisfy { (0...1).contains($0) })
            if let positive = curve["positive"] as? [Double] {
                #expect(positive.count == times.count)
                // A positive draw needs cells present: P(positive) <= P(present) at every time.
                #expect(zip(positive, present).allSatisfy { $0 <= $1 + 1e-9 })
                #expect(curve["assay"] is String)
            }
            #expect(curve["label"] is String && curve["host"] is String && curve["origin"] is String)
        }
        let narration = try #require(answer["narration"] as? [String])
        #expect(!narration.isEmpty && narration.allSatisfy { !$0.isEmpty && !$0.contains("\n") })
        await live.stop()
    }

    @Test func aTextPastThePagesBoundsIs422NamingTheKey() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy").replacingOccurrences(of: "horizon: 50 years",
                                                                                with: "horizon: 100000 years")
        let reply = try await live.client.post("/api/answer", json: answerCall(yaml: yaml))
        #expect(reply.status == 422)
        let errors = try #require(reply.json["errors"] as? [[String: Any]])
        #expect(errors.contains { ($0["key"] as? String) == "horizon" }, "\(reply.text)")
        await live.stop()
    }

    @Test func theSummaryDownloadHasEveryCurvesSeries() async throws {
        let live = try await LiveServer.start()
        let yaml = try LiveServer.text("single-pregnancy")
        let request: [String: Any] = ["yaml": yaml, "file": "single-pregnancy.yaml", "assay": "y_chromosome", "stochastic": false]
        let answer = try await live.client.post("/api/answer", json: answerCall(yaml: yaml))
        let summary = try await live.client.post("/api/download", json: ["which": "summary.csv", "request": request])
        #expect(summary.status == 200)
        // summary.csv as `run` writes it: its header, then one row per series, among them each curve's host and origin total.
        let lines = summary.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("host,origin,cell_type,compartment,") == true)
        let curves = try #require((answer.json["answer"] as? [String: Any])?["curves"] as? [[String: Any]])
        for curve in curves {
            let host = try #require(curve["host"] as? String), origin = try #require(curve["origin"] as? String)
            #expect(lines.contains { $0.hasPrefix("\(host),\(origin),") }, "no summary row of \(origin) in \(host)")
        }
        let series = try await live.client.post("/api/download", json: ["which": "timeseries.csv", "request": request])
        #expect(series.status == 200 && series.text.split(separator: "\n").count > 2)
        await live.stop()
    }
}

/// Whether `LessonPipeline` is the real one rather than the branch's temporary shim.
enum RealLesson {
    static let available: Bool = {
        guard let yaml = try? LiveServer.text("single-pregnancy"),
              case .answer(let answer)? = try? LessonPipeline.answer(LessonRequest(yaml: yaml, file: "single-pregnancy.yaml"))
        else { return true }  // not an answer: not the shim either, so let the tests say what is wrong
        return answer.method != "shim"
    }()
}
