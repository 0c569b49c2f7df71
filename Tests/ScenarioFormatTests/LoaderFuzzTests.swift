import Foundation
import Testing
@testable import ScenarioFormat

/// A generated-input test of the scenario loader: the seed scenarios of
/// FuzzCorpus/ (a test resource), mutated a fixed number of times by a
/// fixed-seed generator, each mutant read in-process as the CLI reads a file
/// (`SourceText.decode`, then the loader with the seed's path, so `extends:`
/// resolves inside the corpus). Every mutant must either load (and its text
/// written back by `documentText` load to the same model), or fail with
/// `.invalid` diagnostics that say where (a line, except for problems the
/// built-in defaults bring) on one line each; a trap, a hang or another
/// kind of error fails the test. Bounded by a count of mutants, not by time.
@Suite("loader fuzz: mutated scenarios load or are diagnosed at a position")
struct LoaderFuzzTests {
    /// Mutants per seed file.
    static let mutantsPerSeed = 500

    /// The corpus: each seed's path and bytes.
    static func corpus() throws -> [(path: String, bytes: [UInt8])] {
        let folder = try #require(Bundle.module.url(forResource: "FuzzCorpus", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count >= 5, "the corpus is in the bundle: \(names)")
        return try names.map { name in
            let url = folder.appendingPathComponent(name)
            return (url.path, [UInt8](try Data(contentsOf: url)))
        }
    }

    @Test("every seed of the corpus loads as it is")
    func seedsLoad() throws {
        for seed in try Self.corpus() {
            let source = try SourceText.decode(seed.bytes)
            _ = try ScenarioLoader.parse(text: source.text, file: seed.path)
        }
    }

    @Test("mutants of every seed load or give positioned diagnostics, with no trap")
    func mutants() throws {
        var rng = SplitMix64(seed: 0x5EED_2026_1207)
        var outcomes = (loaded: 0, diagnosed: 0, notUTF8: 0)
        for seed in try Self.corpus() {
            for index in 0..<Self.mutantsPerSeed {
                let mutant = ScenarioMutator.mutate(seed.bytes, using: &rng)
                switch Self.check(mutant, file: seed.path) {
                case .loaded: outcomes.loaded += 1
                case .diagnosed: outcomes.diagnosed += 1
                case .notUTF8: outcomes.notUTF8 += 1
                case .failed(let why):
                    Issue.record("mutant \(index) of \(seed.path): \(why)\n--- mutant ---\n\(String(decoding: mutant, as: UTF8.self))")
                }
            }
        }
        // The mutations reach every outcome (a test of the mutator itself).
        #expect(outcomes.loaded > 50 && outcomes.diagnosed > 500 && outcomes.notUTF8 > 10, "\(outcomes)")
    }

    @Test("generated alias bombs, deep nesting and long documents stop at a bound, at a position")
    func generatedBounds() throws {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<60 {
            let text: String
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                text = LoaderBoundsTests.aliasBomb(levels: Int.random(in: 2...12, using: &rng), width: Int.random(in: 2...12, using: &rng),
                                                   asKey: Bool.random(using: &rng))
            case 1:
                let depth = Int.random(in: 1...100_000, using: &rng)
                let open = ["[", "{", "- [", "a: ["].randomElement(using: &rng)!
                text = String(repeating: open, count: depth) + (Bool.random(using: &rng) ? "x" : "")
            default:
                // Small enough to load quickly, or past the bound.
                let count = Bool.random(using: &rng) ? Int.random(in: 1...1000, using: &rng)
                    : Int.random(in: YAMLBounds.maximumValues...(2 * YAMLBounds.maximumValues), using: &rng)
                text = "a: [" + String(repeating: "1,", count: count) + "1]\n"
            }
            switch Self.check(Array(text.utf8), file: "/nonexistent/bounds.yaml") {
            case .failed(let why): Issue.record("\(why)\n\(text.prefix(300))")
            default: break
            }
        }
    }

    enum Outcome {
        case loaded, diagnosed, notUTF8
        case failed(String)
    }

    /// Reads `bytes` as the scenario `file` and judges the outcome.
    static func check(_ bytes: [UInt8], file: String) -> Outcome {
        let source: SourceText
        do {
            source = try SourceText.decode(bytes)
        } catch {
            guard case .notUTF8(let line, let column, let message) = error, line >= 1, column >= 1, message.contains("UTF-8") else {
                return .failed("not UTF-8 but no position: \(error)")
            }
            return .notUTF8
        }
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.parse(text: source.text, file: file)
        } catch {
            guard case .invalid(let diagnostics) = error, !diagnostics.isEmpty else { return .failed("expected .invalid diagnostics, got \(error)") }
            let folder = (file as NSString).deletingLastPathComponent
            for d in diagnostics {
                if d.line == nil, !d.message.contains("built-in default") {
                    return .failed("a diagnostic without a line: \(d)")
                }
                if d.file != file, !d.file.hasPrefix(folder + "/") {
                    return .failed("a diagnostic in an unexpected file: \(d)")
                }
                if d.message.isEmpty || d.description.unicodeScalars.contains(where: TextCharacters.isForbidden) {
                    return .failed("an empty message, or one that is not a single line of text: \(d.description.debugDescription)")
                }
            }
            return .diagnosed
        }
        // What loads is written back (as fit's fitted scenarios are) and reads to the same model.
        do {
            let written = try ScenarioTemplate(text: source.text, file: file).documentText(overrides: [])
            let again = try ScenarioLoader.parse(text: written, file: file)
            return again.model == loaded.model ? .loaded : .failed("the text written back loads to another model\n--- written ---\n\(written)")
        } catch {
            return .failed("the scenario loads, but its text written back does not: \(error)")
        }
    }
}

/// A fixed-seed generator (SplitMix64), passed to whatever draws: no global randomness.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutations of a scenario's bytes: the edits a careless or hostile user makes.
enum ScenarioMutator {
    /// Fragments inserted or substituted: YAML syntax, anchors and aliases,
    /// extreme numbers and units, control characters, odd paths, keys.
    static let fragments: [String] = [
        "&a ", "*a", "*b", "&b [*a, *a, *a, *a]", "[", "]", "{", "}", ": ", "- ", "? ", "\"", "'", "#", "\n", "\t", "  ", "\r\n",
        "!!str ", "!!binary ", "!custom ", "<<: *a", "~", "null", "1e308", "-1", "nan", ".inf", "0x1F", "1e16 /day", "0 days",
        "1e300 years", "100000 years", "-0", "9223372036854775807", "2e15", "0.5", "\u{7}", "\u{0}", "\u{1B}[31m", "\u{FEFF}",
        "\u{2028}", "\u{301}", "é", "𝔘", "\"\\x07\"", "\"\\u0000\"", "extends: ", "extends: [a]", "extends: /dev/zero", "extends: .",
        "extends: network.yaml", "extends: extends.yaml", "---\n", "...\n", "%YAML 1.1\n", "|\n  ", ">-\n  ", "name: ", "name: out",
        "network:", "compartments: ", "flows: ", "cohort: ", "population: ", "assays: ", "events: ", "pregnancies: ", "cell_types: ",
        "tissues: ", "rate: ", "half_life: ", "start: ", "end: ", "initial: ", "cells: ", "size: ", "times: [", "every: ",
        "total", "all", "default", "niche", "/day", " per ", "mL", "weeks",
    ]

    /// One to four edits of `bytes`.
    static func mutate(_ bytes: [UInt8], using rng: inout some RandomNumberGenerator) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0...out.count, using: &rng)
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: // insert a fragment
                out.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: at)
            case 1: // replace a byte by any byte (possibly not UTF-8)
                if at < out.count { out[at] = UInt8.random(in: 0...255, using: &rng) }
            case 2: // delete a run
                let end = min(out.count, at + Int.random(in: 1...40, using: &rng))
                out.removeSubrange(at..<end)
            case 3: // copy a run elsewhere
                let start = Int.random(in: 0...out.count, using: &rng)
                let run = Array(out[start..<min(out.count, start + Int.random(in: 1...80, using: &rng))])
                out.insert(contentsOf: run, at: at)
            case 4: // truncate
                out.removeSubrange(at...)
            case 5: // swap two lines
                var lines = out.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 1 {
                    lines.swapAt(Int.random(in: lines.indices, using: &rng), Int.random(in: lines.indices, using: &rng))
                    out = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
                }
            case 6: // replace a number by an extreme one
                if let digit = out[at...].firstIndex(where: { (48...57).contains($0) }) {
                    let end = out[digit...].firstIndex { !(48...57).contains($0) && $0 != UInt8(ascii: ".") } ?? out.endIndex
                    let extreme = ["1e308", "0", "-5", "1e-320", "4e15", "1e400", "0.0000001", "99999999999999999999"].randomElement(using: &rng)!
                    out.replaceSubrange(digit..<end, with: Array(extreme.utf8))
                }
            case 7: // change the indentation of a line
                if let lineStart = out[..<at].lastIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) {
                    if Bool.random(using: &rng) { out.insert(contentsOf: [32, 32], at: lineStart) } else if out[lineStart...].first == 32 {
                        out.remove(at: lineStart)
                    }
                }
            default: // an invalid UTF-8 sequence
                out.insert(contentsOf: [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]].randomElement(using: &rng)!,
                           at: at)
            }
        }
        return out
    }
}
