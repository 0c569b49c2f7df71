import Foundation
import TestSupport
import Testing
import Reporting

@Suite("Atomic output set")
struct OutputSetTests {
    /// A fresh empty folder, removed when the tests end.
    static func tempDir() throws -> String {
        try TemporaryDirectory.make("mc-out").path
    }

    @Test("writes every file in full, creating parents, leaving no temporaries")
    func writes() throws {
        let dir = try Self.tempDir() + "/a/b"
        var set = OutputSet(directory: dir)
        set.add("x.csv", contents: "h\n1\n")
        set.add("run.json", contents: "{}\n")
        let paths = try set.commit()
        #expect(paths == [dir + "/x.csv", dir + "/run.json"])
        #expect(try String(contentsOfFile: dir + "/x.csv", encoding: .utf8) == "h\n1\n")
        let listing = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(listing == ["run.json", "x.csv"])
    }

    @Test("an existing file replaced atomically keeps only the new contents")
    func replaces() throws {
        let dir = try Self.tempDir()
        var first = OutputSet(directory: dir)
        first.add("x.csv", contents: String(repeating: "old\n", count: 1000))
        try first.commit()
        var second = OutputSet(directory: dir)
        second.add("x.csv", contents: "new\n")
        try second.commit()
        #expect(try String(contentsOfFile: dir + "/x.csv", encoding: .utf8) == "new\n")
    }

    @Test("a directory path blocked by a file is an error and nothing is written")
    func blocked() throws {
        let base = try Self.tempDir()
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: base + "/file", contents: Data("x".utf8))
        var set = OutputSet(directory: base + "/file/sub")
        set.add("x.csv", contents: "1")
        #expect(throws: OutputError.self) { try set.commit() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base) == ["file"])
    }
}
