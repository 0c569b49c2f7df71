import Foundation
import Testing
import Engines

/// What a user sees for each class of bad input the loader refuses (issue 21):
/// the exit code, and one message line that names the file, line and key when
/// there is one, what was wrong and how to fix it.
@Suite("loader hardening through the CLI")
struct LoaderHardeningTests {
    /// `validate` on `path`, or on a file written from `text`.
    static func validate(_ text: String? = nil, named name: String = "s.yaml", path: String? = nil,
                         _ extra: [String] = [], files: [String: String] = [:]) throws -> (CLIHarness.Outcome, String) {
        let dir = try CLIHarness.temporaryDirectory()
        for (file, body) in files { _ = try CLIHarness.write(body, named: file, in: dir) }
        let target = try path ?? CLIHarness.write(text ?? "", named: name, in: dir)
        return (try CLIHarness.run(["validate", target] + extra, in: dir), target)
    }

    /// Whether `text` holds no control character but line ends (no escape sequence reached the terminal).
    static func isPlain(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("a 1 KB alias bomb: exit 65 at the alias that passes the bound, at once")
    func aliasBomb() throws {
        let lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
            + "bcdefghi".enumerated().map { i, c in
                let previous = i == 0 ? "a" : String(Array("bcdefghi")[i - 1])
                return "\(c): &\(c) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]"
            }
        let (r, path) = try Self.validate(lines.joined(separator: "\n") + "\n")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(path):6:") && r.stderr.contains("more than 500000 values") && r.stderr.contains("billion laughs"),
                "\(r.stderr)")
    }

    @Test("100,000 '[': exit 65, the nesting bound at line 1")
    func deepNesting() throws {
        let (r, path) = try Self.validate(String(repeating: "[", count: 100_000))
        #expect(r.status == 65 && r.stderr.hasPrefix("\(path):1:") && r.stderr.contains("more than 64 levels"), "\(r.stderr)")
    }

    @Test("a folder, a FIFO, /dev/zero as the scenario: exit 66 naming what it is")
    func specialFiles() throws {
        let dir = try CLIHarness.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("fifo.yaml").path, 0o644) == 0)
        for (path, words) in [(dir.path + "/folder.yaml", "is a folder, not a file"), (dir.path + "/fifo.yaml", "FIFO (named pipe)"),
                              ("/dev/zero", "character device")] {
            for command in [["validate", path], ["describe", path], ["run", path, "--out", dir.path + "/out"]] {
                let r = try CLIHarness.run(command, in: dir)
                #expect(r.status == 66, "\(command): \(r.stderr)")
                #expect(r.stderr.hasPrefix("\(path): error: cannot read the scenario file: ") && r.stderr.contains(words), "\(r.stderr)")
                #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("permission"), "\(r.stderr)")
            }
        }
    }

    @Test("a scenario that is not UTF-8: exit 65 at the line and column of the first invalid byte")
    func notUTF8() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = dir.path + "/latin1.yaml"
        try Data(Array("name: x\nhorizon: \"caf".utf8) + [0xE9, 0x22, 0x0A]).write(to: URL(fileURLWithPath: path))
        let r = try CLIHarness.run(["validate", path], in: dir)
        #expect(r.status == 65 && r.stderr.hasPrefix("\(path):2:14: error: the file is not valid UTF-8 text: byte 0xE9"), "\(r.stderr)")
    }

    @Test("extends: an empty, comment-only, list or scalar base: exit 65 with a message at the extends: line")
    func extendsNotAMapping() throws {
        for (base, words) in [("", "is empty"), ("# only a comment\n", "is empty"), ("- a\n", "holds a list"), ("hello\n", "holds 'hello'")] {
            let (r, path) = try Self.validate("name: x\nextends: base.yaml\n", files: ["base.yaml": base])
            #expect(r.status == 65, "\(r.stderr)")
            #expect(r.stderr.hasPrefix("\(path):2:10: error: extends: the base scenario") && r.stderr.contains(words), "\(r.stderr)")
        }
    }

    @Test("--set extends=...: exit 64 saying why it cannot be set")
    func setExtends() throws {
        let (r, _) = try Self.validate(path: CLIHarness.packageRoot.path + "/scenarios/transfusion.yaml", ["--set", "extends=other.yaml"])
        #expect(r.status == 64 && r.stderr.hasPrefix("--set extends=other.yaml: error: 'extends' cannot be set with --set"), "\(r.stderr)")
    }

    @Test("a name with a control character: exit 65 at the name, the character shown as an escape")
    func controlCharacter() throws {
        let (r, path) = try Self.validate("""
            name: x
            horizon: 1 year
            output: { every: 1 month }
            network:
              compartments:
                - { name: "bl\\x1b[2Jood", initial: 5 }
            """)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("\(path):6:") && r.stderr.contains("network.compartments[0].name: 'bl\\x1B[2Jood' holds the control character U+001B"),
                "\(r.stderr)")
        #expect(Self.isPlain(r.stderr), "\(r.stderr.debugDescription)")
    }

    @Test("a population too large in a model without division: refused at its key, and no message speaks of division")
    func divergenceWithoutDivision() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write("""
            name: bolus
            horizon: 10 days
            output: { every: 1 day }
            network:
              compartments:
                - { name: blood, initial: 10 }
              flows:
                - { from: blood, to: out, rate: 0.1 /day }
              boluses:
                - { to: blood, cells: 3e15, at: 1 day }
            """, named: "bolus.yaml", in: dir)
        let r = try CLIHarness.run(["run", path, "--method", "fast", "--replicates", "2", "--out", dir.path + "/out", "--quiet"], in: dir)
        #expect(r.status == 65, "\(r.stderr)")
        // The bolus passes the 2^50-cell bound (docs/scenario-format.md, "Bounds"): refused at validation, at its key.
        #expect(r.stderr.contains("bolus.yaml:10:") && r.stderr.contains("network.boluses[0].cells") && r.stderr.contains("2^50"), "\(r.stderr)")
        #expect(!r.stderr.lowercased().contains("division") && !r.stderr.contains("self_renewal"), "\(r.stderr)")
        // The engines' runtime limit, should such a population still arise, names the inputs, not division.
        let limit = EngineError.diverged(context: "in the fast engine's replicates", divides: false).description
        #expect(limit.contains("has no division") && limit.contains("boluses") && !limit.contains("lower the division rates"), "\(limit)")
    }
}
