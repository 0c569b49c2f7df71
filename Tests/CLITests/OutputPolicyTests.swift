import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The output policy as a user meets it (docs/output.md, "Output policy"):
/// `--out` names a folder, nothing is written outside it, a failed run
/// leaves the previous set byte-identical, a run replaces the previous set
/// whole, links and devices are never replaced, temporaries do not outlive
/// a signal or a killed run.
@Suite("output policy, as a process")
struct OutputPolicyTests {
    static let small = RunCommandTests.small

    /// Every file of `dir` (hidden ones too) with its bytes.
    static func snapshot(_ dir: String) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            files[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return files
    }

    static func hidden(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(".") }
    }

    @Test("--out empty or the root folder is a usage error for every command that writes, and nothing is written")
    func badOut() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let root = Set((try? FileManager.default.contentsOfDirectory(atPath: "/")) ?? [])
        let sweep = ["sweep", scenario, "--vary", "network.compartments.blood.initial=10,20", "--method", "moments", "--quiet"]
        for out in ["", "/", "//", "/tmp/.."] {
            for command in [["run", scenario, "--method", "moments"], sweep, ["merge", dir.path + "/none"],
                            ["fit", "scripts/examples/fit/persistence.fit.yaml"], ["demo", "--method", "moments", "--quiet"]] {
                let r = try CLIHarness.run(command + ["--out", out])
                #expect(r.status == 64, "\(command[0]) --out '\(out)': \(r.stderr)")
                #expect(r.stderr.contains("--out '\(out)'") && (r.stderr.contains("is empty") || r.stderr.contains("root folder")),
                        "\(command[0]): \(r.stderr)")
            }
        }
        #expect(Set((try? FileManager.default.contentsOfDirectory(atPath: "/")) ?? []) == root, "nothing written into /")
        let file = try CLIHarness.run(["run", scenario, "--out", scenario])
        #expect(file.status == 64 && file.stderr.contains("is a regular file, not a folder"), "\(file.stderr)")
        // A folder under a file: the message names the file on the way, not only "Not a directory".
        let under = try CLIHarness.run(["run", scenario, "--method", "moments", "--out", scenario + "/o"])
        #expect(under.status == 73 && under.stderr.contains("'\(scenario)' exists and is a regular file, not a folder"), "\(under.stderr)")
    }

    @Test("--trajectories outside --out ('..', an absolute path elsewhere) is refused; relative names go inside it; - is standard output")
    func sideOutputs() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.path + "/o"
        for outside in ["../escape.csv", "a/../../escape.csv", dir.path + "/escape.csv"] {
            let r = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "3", "--trajectories", outside])
            #expect(r.status == 64 && r.stderr.contains("lies outside the output folder"), "\(outside): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.path + "/escape.csv"))
            #expect(!FileManager.default.fileExists(atPath: out), "refused before anything is written")
        }
        let inside = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "3", "--trajectories", "t/all.csv"])
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/t/all.csv"))
        let stdout = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "3", "--trajectories", "-", "--quiet"])
        #expect(stdout.status == 0, "\(stdout.stderr)")
        let lines = stdout.stdout.split(separator: "\n")
        #expect(lines.first == "replicate,time_days,compartment,count" && lines.count == 1 + 3 * 3 * 2, "only the CSV on standard output")
        #expect(stdout.stderr.contains("wrote \(out)/timeseries.csv"), "the report goes to standard error: \(stdout.stderr)")
        let manifest = try String(contentsOfFile: out + "/run.json", encoding: .utf8)
        #expect(manifest.contains("\"-\""), "run.json records the trajectories as -")
        #expect(!FileManager.default.fileExists(atPath: out + "/t/all.csv"), "the previous run's trajectories left with its set")
        // A reader that closes standard output early (| head): a clear message, and the previous set stays.
        let before = try Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))
        let command = "set -o pipefail; '\(CLIHarness.executable.path)' run '\(scenario)' --out '\(out)' --replicates 20000 "
            + "--trajectories - --quiet | head -1 > /dev/null"
        let closed = try CLIHarness.run(URL(fileURLWithPath: "/bin/bash"), ["-c", command])
        #expect(closed.status == 73, "status \(closed.status): \(closed.stderr)")
        #expect(closed.stderr.contains("its reader closed it before the end") && !closed.stderr.contains("free space"), "\(closed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/run.json")) == before, "the previous run.json is unchanged")
    }

    @Test("a run failing while writing (a target that is a folder, a link) leaves the previous set byte-identical")
    func failedRunKeepsPrevious() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.path + "/o"
        let first = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "5", "--seed", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.createDirectory(atPath: out + "/folder", withIntermediateDirectories: false)
        let before = Self.snapshot(out)
        let folder = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "5", "--seed", "2", "--trajectories", "folder"])
        #expect(folder.status == 73 && folder.stderr.contains("it is a folder, not a file"), "\(folder.stderr)")
        #expect(Self.snapshot(out) == before, "every previous file byte-identical, no temporaries")
        let same = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "5", "--trajectories", "run.json"])
        #expect(same.status == 64 && same.stderr.contains("two outputs would both be"), "\(same.stderr)")
        #expect(Self.snapshot(out) == before)

        let elsewhere = dir.path + "/elsewhere.csv"
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: elsewhere))
        try FileManager.default.removeItem(atPath: out + "/summary.csv")
        try FileManager.default.createSymbolicLink(atPath: out + "/summary.csv", withDestinationPath: elsewhere)
        let linked = Self.snapshot(out)
        let link = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "5", "--seed", "2"])
        #expect(link.status == 73 && link.stderr.contains("summary.csv': it is a symbolic link (to '\(elsewhere)')"), "\(link.stderr)")
        #expect(Self.snapshot(out) == linked)
        #expect(FileManager.default.contents(atPath: elsewhere) == Data("mine\n".utf8), "the link's target untouched")
    }

    @Test("devices are written through, never replaced: --trajectories /dev/stdout and /dev/null")
    func devices() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let r = try CLIHarness.run(["run", scenario, "--out", dir.path + "/o", "--replicates", "2", "--trajectories", "/dev/stdout", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("replicate,time_days,compartment,count\n"), "\(r.stdout.prefix(200))")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "/dev/stdout")) != nil, "/dev/stdout is still a link")
        let null = try CLIHarness.run(["run", scenario, "--out", dir.path + "/o", "--replicates", "2", "--trajectories", "/dev/null"])
        #expect(null.status == 0, "\(null.stderr)")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        let described = try CLIHarness.run(["describe", scenario, "--dot", "--out", "-"])
        #expect(described.status == 0 && described.stdout.hasPrefix("digraph"), "\(described.stderr)")
        let intoFolder = try CLIHarness.run(["describe", scenario, "--dot", "--out", dir.path])
        #expect(intoFolder.status != 0 && intoFolder.stderr.contains("folder"), "\(intoFolder.stderr)")
    }

    @Test("a run replaces the previous run's set: its files not written now are removed, the user's files stay")
    func replacesSet() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.path + "/o"
        let first = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "3", "--trajectories", "t.csv"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/timeline.svg") && FileManager.default.fileExists(atPath: out + "/t.csv"))
        try Data("notes\n".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        let second = try CLIHarness.run(["run", scenario, "--out", out, "--method", "moments", "--no-plot"])
        #expect(second.status == 0, "\(second.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(names == ["timeseries.csv", "summary.csv", "run.json", "notes.txt"], "\(names.sorted())")
    }

    @Test("SIGINT or SIGTERM while the outputs are staged: the temporaries are removed and the previous set kept")
    func signals() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        for signal in [SIGINT, SIGTERM] {
            let out = dir.path + "/o\(signal)"
            let first = try CLIHarness.run(["run", scenario, "--out", out, "--replicates", "3"])
            #expect(first.status == 0, "\(first.stderr)")
            // A FIFO with no reader holds the run after its files are staged, before they are renamed.
            #expect(mkfifo(out + "/t.fifo", 0o600) == 0)
            let before = Self.snapshot(out).filter { $0.key != "t.fifo" }
            let process = Process()
            process.executableURL = CLIHarness.executable
            process.arguments = ["run", scenario, "--out", out, "--replicates", "3", "--seed", "9", "--trajectories", "t.fifo", "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline && Self.hidden(out).count < 4 && process.isRunning { usleep(2000) }
            #expect(Self.hidden(out).count == 4, "4 staged temporaries: \(Self.hidden(out))")
            kill(process.processIdentifier, signal)
            let stop = Date().addingTimeInterval(30)
            while process.isRunning && Date() < stop { usleep(2000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) } // a failure, not a hang
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
            #expect(Self.hidden(out) == [], "temporaries removed on signal \(signal)")
            #expect(Self.snapshot(out).filter { $0.key != "t.fifo" } == before)
        }
    }

    @Test("temporaries a killed run left (kill -9) are removed by the next run in that folder")
    func staleTemporaries() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let scenario = try CLIHarness.write(Self.small, named: "small.yaml", in: dir)
        let out = dir.path + "/o"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let dead = process.processIdentifier
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for name in [".timeseries.csv.tmp-\(dead)-42", ".run.json.bak-\(dead)-42", ".my-notes"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: out + "/" + name))
        }
        let r = try CLIHarness.run(["run", scenario, "--out", out, "--method", "moments"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.hidden(out) == [".my-notes"])
    }
}
