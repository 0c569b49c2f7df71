import Foundation
import Testing

/// `microchimera validate --format json`: the machine-readable form the Python
/// package reads, checked against the text form of the same run.
@Suite("validate --format json, as a process")
struct ValidateJSONTests {
    /// Three problems on known lines: a missing key (the root, 1:1), an unknown unit (2:10) and an unknown key (3:1).
    static let invalid = "name: x\nhorizon: 10 yeers\nfoo: 1\n"

    /// Standard output parsed as a JSON object (fails the test when it is not one).
    static func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("an invalid scenario: exit 65, every diagnostic with its line, column and key, as the text form says")
    func invalidScenario() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.invalid, named: "bad.yaml", in: dir)
        let json = try CLIHarness.run(["validate", path, "--format", "json"])
        let text = try CLIHarness.run(["validate", path])
        #expect(json.status == 65 && text.status == 65)
        #expect(json.stderr.isEmpty, "stderr: \(json.stderr)")
        let o = try Self.object(json.stdout)
        #expect(o["valid"] as? Bool == false)
        #expect(o["error"] as? String == "invalid")
        #expect(o["file"] as? String == path)
        #expect(o["network"] is NSNull)
        let diagnostics = try #require(o["diagnostics"] as? [[String: Any]])
        let places = diagnostics.map { "\($0["line"] as? Int ?? -1):\($0["column"] as? Int ?? -1):\($0["key"] as? String ?? "?")" }
        #expect(places == ["1:1:", "2:10:horizon", "3:1:foo"])
        // Each diagnostic rebuilt as FILE:LINE:COLUMN: error: KEY: MESSAGE is the text form's line.
        let rebuilt = diagnostics.map { d -> String in
            let key = (d["key"] as? String ?? "").isEmpty ? "" : "\(d["key"] as? String ?? ""): "
            return "\(d["file"] as? String ?? ""):\(d["line"] as? Int ?? 0):\(d["column"] as? Int ?? 0): error: \(key)\(d["message"] as? String ?? "")"
        }
        #expect(rebuilt == text.stderr.split(separator: "\n").map(String.init))
        #expect((diagnostics[1]["message"] as? String)?.contains("did you mean 'years'") == true)
    }

    @Test("a valid scenario: exit 0 and the network's size, as the text form's line")
    func validScenario() throws {
        let json = try CLIHarness.run(["validate", "scenarios/single-pregnancy.yaml", "--format", "json", "--set", "horizon=60 years"])
        let text = try CLIHarness.run(["validate", "scenarios/single-pregnancy.yaml", "--set", "horizon=60 years"])
        #expect(json.status == 0 && text.status == 0, "stderr: \(json.stderr)")
        let o = try Self.object(json.stdout)
        #expect(o["valid"] as? Bool == true)
        #expect(o["error"] is NSNull)
        #expect((o["diagnostics"] as? [Any])?.isEmpty == true)
        let n = try #require(o["network"] as? [String: Any])
        #expect(n["level"] as? String == "biology")
        #expect(n["horizon_days"] as? Double == 21915)
        let name = try #require(n["name"] as? String)
        let line = "scenarios/single-pregnancy.yaml: valid: '\(name)', \(n["compartments"] as? Int ?? -1) compartments, "
            + "\(n["flows"] as? Int ?? -1) flows, \(n["divisions"] as? Int ?? -1) divisions, \(n["inflows"] as? Int ?? -1) inflows, "
            + "\(n["boluses"] as? Int ?? -1) boluses, horizon 21915.0 days, \(n["output_times"] as? Int ?? -1) output times\n"
        #expect(text.stdout == line)
    }

    @Test("an unreadable file (66) and a malformed --set (64) are one diagnostic without a place")
    func unreadableAndBadOverride() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let missing = dir.path + "/missing.yaml"
        let r = try CLIHarness.run(["validate", missing, "--format", "json"])
        #expect(r.status == 66)
        let o = try Self.object(r.stdout)
        #expect(o["error"] as? String == "unreadable")
        let d = try #require((o["diagnostics"] as? [[String: Any]])?.first)
        #expect(d["line"] is NSNull && d["column"] is NSNull)
        #expect(d["message"] as? String == "cannot read the scenario file: no such file")

        let s = try CLIHarness.run(["validate", "scenarios/single-pregnancy.yaml", "--format", "json", "--set", "a..b=1"])
        #expect(s.status == 64)
        let so = try Self.object(s.stdout)
        #expect(so["error"] as? String == "bad_override")
        let sd = try #require((so["diagnostics"] as? [[String: Any]])?.first)
        #expect(sd["file"] as? String == "--set a..b=1")
        #expect(sd["key"] as? String == "a..b")
        #expect((sd["message"] as? String)?.contains("empty key") == true)
    }
}
