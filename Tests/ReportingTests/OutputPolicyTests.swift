import Foundation
import TestSupport
import Testing
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// The output policy at the level of `OutputSet` and `OutputFolder`: every
/// target checked before anything is written, links and special files never
/// replaced, the previous set replaced whole, stale temporaries removed,
/// paths outside the output folder refused.
@Suite("Output policy")
struct OutputPolicyTests {
    static func tempDir() throws -> String { try TemporaryDirectory.make("mc-policy").path }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func listing(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

    /// The error `body` throws, or nil.
    static func failure(_ body: () throws(OutputError) -> Void) -> OutputError? {
        do { try body() } catch { return error }
        return nil
    }

    /// A PID no process has: one of a child that has exited.
    static func deadPID() throws -> pid_t {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test("--out: empty, the root folder (however spelled) and an existing file are refused")
    func badFolders() throws {
        let dir = try Self.tempDir()
        _ = FileManager.default.createFile(atPath: dir + "/file", contents: Data("x".utf8))
        for bad in ["", "/", "//", "/.", "/tmp/..", "/tmp/../..", dir + "/file"] {
            #expect(throws: OutputError.self, "\(bad)") { try OutputFolder.check(bad) }
        }
        #expect(throws: OutputError.self) { try OutputFolder.check("/dev/null") }
        try OutputFolder.check(dir)
        try OutputFolder.check(dir + "/new/folder")
        #expect(Self.listing(dir) == ["file"], "checking writes nothing")
        let message = Self.failure { () throws(OutputError) in try OutputFolder.check("") }?.description ?? ""
        #expect(message.contains("--out '' is empty") && message.contains("e.g. --out out/run1"), "\(message)")
    }

    @Test("side outputs: relative names inside the folder; '..' out of it, absolute paths elsewhere refused; - and devices")
    func sideOutputs() throws {
        let out = "/data/run"
        #expect(try OutputFolder.resolve("t.csv", option: "--trajectories", in: out) == .inside("t.csv"))
        #expect(try OutputFolder.resolve("./a/../b/t.csv", option: "--trajectories", in: out) == .inside("b/t.csv"))
        #expect(try OutputFolder.resolve("/data/run/x/t.csv", option: "--trajectories", in: out) == .inside("x/t.csv"))
        #expect(try OutputFolder.resolve("-", option: "--trajectories", in: out) == .standardOutput)
        #expect(try OutputFolder.resolve("out/a/t.csv", option: "--trajectories", in: "out/a") == .inside("t.csv"),
                "a relative path already inside --out from the working folder means that place")
        #expect(try OutputFolder.resolve("out/t.csv", option: "--trajectories", in: "out/a") == .inside("out/t.csv"))
        #expect(try OutputFolder.resolve("/dev/null", option: "--trajectories", in: out) == .device("/dev/null"))
        for outside in ["../t.csv", "a/../../t.csv", "/data/t.csv", "/data/run/../t.csv", "/data/runs/t.csv", "/etc/passwd"] {
            let error = Self.failure { () throws(OutputError) in _ = try OutputFolder.resolve(outside, option: "--trajectories", in: out) }
            #expect(error == .outsideFolder(option: "--trajectories", path: outside, folder: out), "\(outside)")
        }
        for folderLike in ["", ".", "sub/", "a/.."] {
            #expect(throws: OutputError.self, "\(folderLike)") { try OutputFolder.resolve(folderLike, option: "--trajectories", in: out) }
        }
    }

    @Test("a target that is a folder fails before anything is renamed: the previous set stays byte-identical")
    func folderTarget() throws {
        let dir = try Self.tempDir()
        var first = OutputSet(directory: dir)
        first.add("a.csv", contents: "old a\n")
        first.add("b.csv", contents: "old b\n")
        try first.commit()
        try FileManager.default.createDirectory(atPath: dir + "/c.csv", withIntermediateDirectories: false)
        var second = OutputSet(directory: dir)
        second.add("a.csv", contents: "new a\n")
        second.add("b.csv", contents: "new b\n")
        second.add("c.csv", contents: "c\n")
        #expect(Self.failure { () throws(OutputError) in _ = try second.commit() } == .notAFile(path: dir + "/c.csv", kind: "a folder"))
        #expect(Self.read(dir + "/a.csv") == "old a\n" && Self.read(dir + "/b.csv") == "old b\n")
        #expect(Self.listing(dir) == ["a.csv", "b.csv", "c.csv"], "no temporaries left")
    }

    @Test("a symbolic link to a file is refused, never replaced or written through; a link to a device is written through")
    func links() throws {
        let dir = try Self.tempDir()
        let outside = dir + "/outside.txt"
        _ = FileManager.default.createFile(atPath: outside, contents: Data("keep\n".utf8))
        try FileManager.default.createDirectory(atPath: dir + "/out", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir + "/out/x.csv", withDestinationPath: outside)
        var set = OutputSet(directory: dir + "/out")
        set.add("y.csv", contents: "y\n")
        set.add("x.csv", contents: "x\n")
        #expect(Self.failure { () throws(OutputError) in _ = try set.commit() } == .notAFile(path: dir + "/out/x.csv", kind: "a symbolic link (to '\(outside)')"))
        #expect(Self.read(outside) == "keep\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/out/x.csv") == outside)
        #expect(Self.listing(dir + "/out") == ["x.csv"], "y.csv not written either")

        try FileManager.default.createSymbolicLink(atPath: dir + "/out/null.csv", withDestinationPath: "/dev/null")
        var through = OutputSet(directory: dir + "/out")
        through.add("null.csv", contents: "gone\n")
        through.add(.device("/dev/null"), contents: "gone too\n")
        #expect(try through.commit() == [dir + "/out/null.csv", "/dev/null"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/out/null.csv") == "/dev/null")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR, "/dev/null is still a device")
    }

    @Test("a FIFO target is written through, not replaced")
    func fifo() throws {
        let dir = try Self.tempDir()
        let fifo = dir + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = Received()
        let reader = Thread {
            let fd = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 64)
            var bytes: [UInt8] = []
            while true {
                let n = Glibc.read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                bytes += buffer.prefix(n)
            }
            close(fd)
            received.set(bytes)
        }
        reader.start()
        var set = OutputSet(directory: dir)
        set.add("pipe.csv", contents: "through\n")
        try set.commit()
        #expect(received.wait() == Array("through\n".utf8))
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("two outputs with one path are refused")
    func duplicates() throws {
        let dir = try Self.tempDir()
        var set = OutputSet(directory: dir)
        set.add("run.json", contents: "{}\n")
        set.add(.inside("./run.json"), contents: "x\n")
        #expect(throws: OutputError.duplicate(path: dir + "/run.json")) { try set.commit() }
        #expect(Self.listing(dir) == [])
    }

    @Test("the previous set is replaced whole: its files not written now go, other files and anything outside stay")
    func replacesTheSet() throws {
        let base = try Self.tempDir()
        let dir = base + "/out"
        var first = OutputSet(directory: dir)
        for name in ["a.csv", "timeline.svg", "sub/t.csv"] { first.add(name, contents: name) }
        try first.commit()
        _ = FileManager.default.createFile(atPath: dir + "/mine.txt", contents: Data("user\n".utf8))
        _ = FileManager.default.createFile(atPath: base + "/escape.txt", contents: Data("outside\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: base + "/escape.txt")
        var second = OutputSet(directory: dir)
        second.add("a.csv", contents: "new")
        second.previous = ["a.csv", "timeline.svg", "sub/t.csv", "../escape.txt", base + "/escape.txt", "link.csv", "-", "absent.csv"]
        try second.commit()
        #expect(Self.listing(dir) == ["a.csv", "link.csv", "mine.txt"], "timeline.svg, sub/t.csv and the emptied sub/ removed")
        #expect(Self.read(base + "/escape.txt") == "outside\n")
        #expect(Self.read(dir + "/a.csv") == "new")
    }

    @Test("temporaries of dead processes are removed by the next commit; live ones and other hidden files stay")
    func staleTemporaries() throws {
        let dir = try Self.tempDir()
        let dead = try Self.deadPID()
        let live = getppid()
        let names = [".a.csv.tmp-\(dead)-12", ".b.csv.bak-\(dead)-7", ".c.csv.tmp-\(live)-3", ".notes.tmp-abc", ".hidden"]
        for name in names { _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data()) }
        var set = OutputSet(directory: dir)
        set.add("a.csv", contents: "a\n")
        try set.commit()
        #expect(Self.listing(dir) == [".c.csv.tmp-\(live)-3", ".hidden", ".notes.tmp-abc", "a.csv"])
    }
}

/// Bytes handed from a reader thread to the test.
private final class Received: @unchecked Sendable {
    private var bytes: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    func set(_ value: [UInt8]) {
        bytes = value
        done.signal()
    }

    func wait() -> [UInt8] {
        done.wait()
        return bytes
    }
}
