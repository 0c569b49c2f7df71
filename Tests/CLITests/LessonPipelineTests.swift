import Engines
import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Synchronization
import Testing

/// The teaching page's computations (`LessonPipeline`): the exact answer
/// against the CLI's `run --method moments` and the moments engine, the
/// page's bounds, the stochastic fallback with its progress and cancellation.
@Suite("lesson pipeline")
struct LessonPipelineTests {
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path, encoding: .utf8)
    }

    static func request(_ name: String, assay: LessonAssay = .yChromosome, stochastic: Bool = false) throws -> LessonRequest {
        LessonRequest(yaml: try text(name), file: name + ".yaml", assay: assay, stochastic: stochastic)
    }

    static func answer(_ request: LessonRequest) throws -> LessonAnswer {
        guard case .answer(let answer) = try LessonPipeline.answer(request) else {
            Issue.record("\(request.file): no exact answer")
            throw LessonError.failed("no answer")
        }
        return answer
    }

    /// The files `microchimera run` writes for a library scenario with `arguments`.
    static func cli(_ name: String, _ arguments: [String]) throws -> URL {
        let dir = try CLIHarness.temporaryDirectory()
        let r = try CLIHarness.run(["run", CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path,
                                    "--out", dir.path, "--quiet"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    static func read(_ dir: URL, _ file: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    }

    /// Numbers of two CSV texts equal cell by cell: text cells exactly, numbers
    /// within `tolerance` absolute (probabilities) and 1e-9 relative (means, times).
    static func sameNumbers(_ a: String, _ b: String, tolerance: Double) -> Bool {
        let rowsA = a.split(separator: "\n"), rowsB = b.split(separator: "\n")
        guard rowsA.count == rowsB.count else { return false }
        for (x, y) in zip(rowsA, rowsB) {
            let cellsA = x.split(separator: ",", omittingEmptySubsequences: false)
            let cellsB = y.split(separator: ",", omittingEmptySubsequences: false)
            guard cellsA.count == cellsB.count else { return false }
            for (p, q) in zip(cellsA, cellsB) where p != q {
                guard let u = Double(p), let v = Double(q) else { return false }
                if abs(u - v) > max(tolerance, 1e-9 * max(abs(u), abs(v))) { return false }
            }
        }
        return true
    }

    /// The answer's narration is the one `demo` tells from the CLI's
    /// `run --method moments` (every sentence, every rounded percentage: the
    /// page solves presence only at the series and checkpoints the narration
    /// reads, which moves the collocation steps by less than the engine's
    /// 1e-9 tolerance), and the timeline is the CLI's figure
    /// (byte for byte here; see the note on twins in docs/performance.md).
    @Test("the exact answer's narration and timeline are the CLI's run --method moments", arguments: [
        "single-pregnancy", "transfusion", "termination-surgical-vs-medical",
    ])
    func exactAgainstCLI(_ name: String) throws {
        let answer = try Self.answer(Self.request(name))
        #expect(answer.method == "moments" && answer.exact && answer.replicates == 0)
        let dir = try Self.cli(name, ["--method", "moments"])
        let summary = try Self.read(dir, "summary.csv")
        let outcome = try RunPipeline.run(RunRequest(scenarioPath: CLIHarness.packageRoot.appendingPathComponent("scenarios/\(name).yaml").path,
                                                     outDirectory: dir.path + "-narration",
                                                     options: SimulationOptions(method: .moments, threads: 1)))
        #expect(answer.narration == DemoNarration.sentences(outcome), "\(name): narration differs from the CLI's")
        let svg = try Self.read(dir, "timeline.svg")
        let difference = zip(answer.svg.split(separator: "\n"), svg.split(separator: "\n")).first { $0 != $1 }
        #expect(answer.svg == svg, "\(name): timeline.svg differs from the CLI's: \(difference.map { "\($0.0) | \($0.1)" } ?? "in length")")
        #expect(!answer.narration.isEmpty && answer.narration.last!.contains("Exact probabilities"))
        // The downloads are the CLI's bytes.
        let request = try Self.request(name)
        #expect(try LessonPipeline.download(request, which: "summary.csv") == summary)
        #expect(try LessonPipeline.download(request, which: "timeseries.csv") == Self.read(dir, "timeseries.csv"))
    }

    /// The page solves P(present) only where the sentences read it (`DemoNarration.presenceReads`); a
    /// horizon that cuts off the 10- or 30-year checkpoints makes the sentences fall back to the latest
    /// one, which must then have been solved too. Each text's narration equals the one `demo` tells
    /// from a full `run --method moments` of the same text.
    @Test("the narration reads the same with presence solved only where it reads, when the horizon cuts checkpoints off", arguments: [
        ("single-pregnancy", "8 years"), ("single-pregnancy", "15 years"), ("maternal-in-child", nil), ("heart-injury", nil),
    ] as [(String, String?)])
    func narrationReads(_ name: String, _ horizon: String?) throws {
        var yaml = try Self.text(name)
        if let horizon {
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("horizon:") ? "horizon: \(horizon)" : String($0) }
            yaml = lines.joined(separator: "\n")
            #expect(yaml.contains("horizon: \(horizon)\n"), "\(name) has a top-level horizon line")
            // Its assays sample after the shorter horizon: without them (the assay sentence is read at the default horizons).
            let assays = try #require(yaml.range(of: "\nassays:"))
            yaml = String(yaml[..<assays.lowerBound]) + "\n"
        }
        let answer = try Self.answer(LessonRequest(yaml: yaml, file: name + ".yaml"))
        let dir = try CLIHarness.temporaryDirectory()
        let file = try CLIHarness.write(yaml, named: name + ".yaml", in: dir)
        let outcome = try RunPipeline.run(RunRequest(scenarioPath: file, outDirectory: dir.path + "/out",
                                                     options: SimulationOptions(method: .moments, threads: 1)))
        #expect(answer.narration == DemoNarration.sentences(outcome), "\(name), horizon \(horizon ?? "as written")")
    }

    /// The curves are the moments engine's P(present) and P(positive) of the same targets at the same times.
    @Test("single-pregnancy's curves equal MomentsEngine's for the same targets and times; labels read as the page shows them")
    func curvesAgainstEngine() throws {
        let request = try Self.request("single-pregnancy")
        let answer = try Self.answer(request)
        let scenario = try ScenarioLoader.parse(text: request.yaml, file: request.file)
        let compiled = try #require(scenario.compiled)
        let son = try #require(answer.curves.first { $0.host == "mother" && $0.origin == "son" })
        #expect(son.label == "son's cells in mother" && son.assay == "10 mL blood draw, Y-chromosome qPCR")
        let mother = try #require(answer.curves.first { $0.host == "son" && $0.origin == "mother" })
        #expect(mother.positive == nil && mother.assay == nil, "a Y marker cannot see a mother's cells")
        #expect(son.timesYears.count <= LessonBounds.curveTimes + 6 && son.timesYears.contains(where: { abs($0 - 10.77) < 0.01 }))
        let entry = try #require(compiled.layout.entries.first { $0.label.host == "mother" && $0.label.origin == .named("son")
            && $0.label.compartment == .total && $0.label.cellType == .allCellTypes })
        var network = compiled.network
        network.outputTimes = son.timesYears.map { $0 * 365.25 }
        let logG = try MomentsEngine(model: network).logGeneratingFunction(targets: [GeneratingTarget(compartments: entry.compartments)])
        for k in network.outputTimes.indices {
            #expect(abs(son.present[k] - -expm1(logG[k][0])) <= 1e-12, "present at \(son.timesYears[k]) y")
        }
        // P(positive) is assay.csv's p_detect of the same 10 mL Y-chromosome draw run by the CLI (moments), at five curve times
        // (the CLI solves on its whole grid: within the extinction tolerance).
        let positive = try #require(son.positive)
        let n = son.timesYears.count
        let picked = [n / 10, n / 4, n / 2, 3 * n / 4, n - 1]
        let days = picked.map { "\(son.timesYears[$0] * 365.25) days" }
        let assays = try #require(request.yaml.range(of: "\nassays:"))
        let yaml = String(request.yaml[..<assays.lowerBound]) + "\nassays:\n  - name: page_draw\n    host: mother\n    marker: y_chromosome\n"
            + "    compartment: blood\n    sample: 10 mL\n    times: [\(days.joined(separator: ", "))]\n"
        let dir = try CLIHarness.temporaryDirectory()
        let file = try CLIHarness.write(yaml, named: "draw.yaml", in: dir)
        let r = try CLIHarness.run(["run", file, "--out", dir.path + "/out", "--quiet", "--method", "moments"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CohortTests.csv(dir.path + "/out", "assay.csv")
        #expect(rows.count == picked.count)
        for (row, k) in zip(rows, picked) {
            let p = try #require(Double(row["p_detect"] ?? ""))
            #expect(abs(p - positive[k]) <= 1e-9, "positive at \(son.timesYears[k]) y: page \(positive[k]), CLI \(p)")
            #expect(positive[k] <= son.present[k] + 1e-9)
        }
        let hla = try Self.answer(Self.request("single-pregnancy", assay: .hla))
        #expect(hla.curves.allSatisfy { $0.positive != nil && $0.assay == "10 mL blood draw, HLA-specific qPCR" })
        let own = try Self.answer(Self.request("single-pregnancy", assay: .scenario))
        #expect(own.curves.first { $0.origin == "son" }?.assay == "assay blood_y_qpcr, as the scenario writes it")
    }

    @Test("each page bound is refused at its key and line, saying what was asked and the bound")
    func bounds() throws {
        let base = try Self.text("single-pregnancy")
        func refused(_ yaml: String, key: String) throws -> Diagnostic? {
            do {
                _ = try LessonPipeline.answer(LessonRequest(yaml: yaml, file: "page.yaml"))
            } catch {
                guard case .tooLarge(let d) = error else { Issue.record("\(key): \(error)"); return nil }
                #expect(d.keyPath == key && d.file == "page.yaml", "\(d)")
                return d
            }
            Issue.record("\(key): not refused")
            return nil
        }
        /// The 1-based line of `text` that starts with `prefix` (the expected line, found in the text itself).
        func line(of prefix: String, in text: String) -> Int? {
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }.map { $0 + 1 }
        }
        let horizon = try #require(try refused(base.replacingOccurrences(of: "horizon: 50 years", with: "horizon: 500 years"), key: "horizon"))
        #expect(horizon.line == line(of: "horizon:", in: base) && horizon.message.contains("500 years") && horizon.message.contains("120"), "\(horizon)")
        let output = try #require(try refused(base.replacingOccurrences(of: "every: 2 weeks", with: "every: 1 day"), key: "output"))
        #expect(output.line == line(of: "output:", in: base) && output.message.contains("5000"), "\(output)")
        let many = (0..<13).map { "  - { child: \($0 == 0 ? "son" : "c\($0)"), sex: \($0 == 0 ? "male" : "female"), start: \($0 * 2) years, length: 40 weeks, outcome: live_birth }" }
        let family = base.replacingOccurrences(of: "  - child: son\n    sex: male\n    start: 0 weeks\n    length: 40 weeks\n    outcome: live_birth",
                                               with: many.joined(separator: "\n"))
        let pregnancies = try #require(try refused(family, key: "pregnancies"))
        #expect(pregnancies.message.contains("13 pregnancies") && pregnancies.line == line(of: "pregnancies:", in: family), "\(pregnancies)")
        let cohort = try Self.text("cohort-blood-draw")
        let size = try #require(cohort.range(of: #"size: \d+"#, options: .regularExpression))
        let big = try #require(try refused(cohort.replacingCharacters(in: size, with: "size: 5000"), key: "cohort.size"))
        #expect(big.message.contains("5000 women") && big.line != nil, "\(big)")
        do {
            _ = try LessonPipeline.answer(LessonRequest(yaml: String(repeating: "#", count: LessonBounds.textBytes + 1), file: "page.yaml"))
            Issue.record("a text over the bound was accepted")
        } catch {
            guard case .tooLarge(let d) = error else { Issue.record("\(error)"); return }
            #expect(d.message.contains("\(LessonBounds.textBytes + 1) bytes"))
        }
    }

    @Test("invalid text gives exactly ScenarioLoader's diagnostics")
    func invalid() throws {
        let yaml = try Self.text("single-pregnancy").replacingOccurrences(of: "horizon: 50 years", with: "horizon: fifty years")
        var expected: [Diagnostic] = []
        do { _ = try ScenarioLoader.parse(text: yaml, file: "page.yaml") } catch { expected = error.diagnostics }
        #expect(!expected.isEmpty)
        #expect(throws: LessonError.invalid(expected)) { try LessonPipeline.answer(LessonRequest(yaml: yaml, file: "page.yaml")) }
        #expect(throws: LessonError.invalid(expected)) { try LessonPipeline.download(LessonRequest(yaml: yaml, file: "page.yaml"), which: "summary.csv") }
    }

    /// A small cohort: needsStochastic, then the bounded run with monotone
    /// progress ending at the total; its P(present) at year 1 against the
    /// average of each woman's exact moments is left to CohortTests; here a
    /// family's stochastic P(present) meets the exact one within z ≤ 4.
    @Test("a cohort needs the stochastic run; it reports monotone progress to its total and the CLI's bytes")
    func cohortFallback() throws {
        let yaml = try Self.text("cohort-blood-draw")
        let size = try #require(yaml.range(of: #"size: \d+"#, options: .regularExpression))
        let small = yaml.replacingCharacters(in: size, with: "size: 40")
        let request = LessonRequest(yaml: small, file: "cohort.yaml")
        guard case .needsStochastic(let reason, let replicates) = try LessonPipeline.answer(request) else {
            Issue.record("a cohort was answered by moments"); return
        }
        #expect(reason.contains("cohort") && replicates == 40)
        let seen = Mutex<[Int]>([])
        var stochastic = request
        stochastic.stochastic = true
        guard case .answer(let answer) = try LessonPipeline.answer(stochastic, progress: { done, total in
            #expect(total == 40)
            seen.withLock { $0.append(done) }
        }) else { Issue.record("no answer"); return }
        #expect(answer.method == "fast" && !answer.exact && answer.replicates == 40)
        let reports = seen.withLock { $0 }.sorted()
        #expect(reports.last == 40 && zip(reports, reports.dropFirst()).allSatisfy { $0 < $1 })
        let dir = try CLIHarness.temporaryDirectory()
        let file = try CLIHarness.write(small, named: "cohort.yaml", in: dir)
        let r = try CLIHarness.run(["run", file, "--out", dir.path + "/out", "--quiet", "--method", "fast"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try LessonPipeline.download(request, which: "summary.csv") == Self.read(dir.appendingPathComponent("out"), "summary.csv"))
    }

    /// The page's plan reads its estimated time off the solves it will make
    /// (`ExactPlan.seconds`, `MomentsEngine.generatingWork`): every family of
    /// the library, three-generations included, is answered exactly, in the
    /// jobs the plan laid out (one per narrated time, one per host with curves),
    /// and a family whose estimate passes the page's second (three-generations
    /// over 120 years: estimated about 1.3 s) is offered the stochastic run
    /// with the estimate in its reason, before anything is solved.
    @Test("every library family is answered exactly; one estimated over the page's second is offered the stochastic run")
    func planFollowsTheEstimate() throws {
        let library = try FileManager.default.contentsOfDirectory(atPath: CLIHarness.packageRoot.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(library.contains("three-generations"))
        for name in library {
            let scenario = try LessonPipeline.load(try Self.request(name))
            let plan = try LessonPipeline.plan(scenario, assay: .yChromosome)
            if scenario.cohort != nil {
                guard case .stochastic = plan else { Issue.record("\(name): a cohort planned exact"); continue }
                continue
            }
            guard case .moments(let exact?) = plan else { Issue.record("\(name): not planned as an exact family answer"); continue }
            #expect(exact.seconds > 0 && exact.seconds <= LessonBounds.momentsSeconds, "\(name): \(exact.seconds) s")
            let entries = exact.compiled.layout.entries
            #expect(exact.curves.map(\.host) == exact.compiled.hosts.filter { host in entries.contains { LessonPipeline.isCurve($0) && $0.label.host == host } })
            #expect(!exact.presence.isEmpty && zip(exact.presence, exact.presence.dropFirst()).allSatisfy { $0.time > $1.time })
        }
        let three = try Self.text("three-generations")
        let horizon = try #require(three.range(of: #"(?m)^horizon: .*$"#, options: .regularExpression))
        let long = LessonRequest(yaml: three.replacingCharacters(in: horizon, with: "horizon: 120 years"), file: "long.yaml")
        let plan = try LessonPipeline.plan(try LessonPipeline.load(long), assay: .yChromosome)
        guard case .stochastic(let reason, let replicates) = plan else { Issue.record("120 years of three-generations planned exact"); return }
        #expect(reason.contains("would take about 2 s") && replicates == LessonBounds.replicates, "\(reason)")
        guard case .needsStochastic = try LessonPipeline.answer(long) else { Issue.record("answered without the offer"); return }
    }

    /// The fast engine's P(present) from 200 replicates against the exact
    /// probability: |p̂ − p| ≤ 4·sqrt(p(1−p)/200) + 1e-9 at every curve time
    /// (a false alarm about 6e-5 per point).
    @Test("the stochastic answer's P(present) agrees with moments (z ≤ 4)")
    func stochasticAgrees() throws {
        var request = try Self.request("single-pregnancy")
        let exact = try Self.answer(request)
        request.stochastic = true
        // A family moments can run is still answered exactly: the page's fallback is forced through the run pipeline here.
        let scenario = try LessonPipeline.load(request)
        let sampled = try LessonPipeline.runAnswer(scenario, request: request, method: .fast, cancellation: LessonCancellation(), progress: nil)
        #expect(sampled.replicates == LessonBounds.replicates && !sampled.exact)
        let n = Double(LessonBounds.replicates)
        for curve in sampled.curves {
            let reference = try #require(exact.curves.first { $0.host == curve.host && $0.origin == curve.origin })
            for (k, t) in curve.timesYears.enumerated() {
                guard let j = reference.timesYears.firstIndex(where: { abs($0 - t) < 1e-9 }) else { continue }
                let p = reference.present[j]
                #expect(abs(curve.present[k] - p) <= 4 * (p * (1 - p) / n).squareRoot() + 1e-9, "\(curve.label) at \(t) y")
            }
        }
    }

    @Test("cancellation before the start and during a stochastic run gives .cancelled")
    func cancellation() throws {
        let cancelled = LessonCancellation()
        cancelled.cancel()
        #expect(throws: LessonError.cancelled) { try LessonPipeline.answer(try Self.request("single-pregnancy"), cancellation: cancelled) }
        let yaml = try Self.text("cohort-blood-draw")
        let size = try #require(yaml.range(of: #"size: \d+"#, options: .regularExpression))
        let request = LessonRequest(yaml: yaml.replacingCharacters(in: size, with: "size: 200"), file: "cohort.yaml", stochastic: true)
        let midway = LessonCancellation()
        let seen = Mutex<Int>(0)
        #expect(throws: LessonError.cancelled) {
            try LessonPipeline.answer(request, cancellation: midway) { done, _ in
                seen.withLock { $0 = max($0, done) }
                midway.cancel()
            }
        }
        #expect(seen.withLock { $0 } < 200, "the run stopped before its last woman")
    }
}
