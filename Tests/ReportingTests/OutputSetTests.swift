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

    @Test("megabytes of bytes and file ranges are joined in order, byte for byte")
    func joinsRanges() throws {
        let dir = try Self.tempDir()
        let source = (0..<3_000_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        var staging = OutputSet(directory: dir)
        staging.add("source.bin", bytes: source)
        try staging.commit()
        let big = [UInt8](repeating: 7, count: 2_500_000)
        var set = OutputSet(directory: dir)
        set.add("joined.bin", parts: [
            .bytes(big[...]),
            .fileRange(path: dir + "/source.bin", offset: 1, length: 2_999_990),
            .bytes([1, 2, 3][...]),
            .fileRange(path: dir + "/source.bin", offset: 0, length: 5),
        ])
        try set.commit(durable: false)
        let joined = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/joined.bin")))
        var expected: [UInt8] = big
        expected += source[1..<2_999_991]
        expected += [1, 2, 3]
        expected += source[0..<5]
        let same = joined == expected
        #expect(same, "\(joined.count) bytes, expected \(expected.count); first difference at byte \(expected.indices.first { $0 >= joined.count || joined[$0] != expected[$0] } ?? -1)")
    }

    @Test("a failure while staging writes nothing: earlier files and existing ones stay as they were")
    func nothingPartial() throws {
        let dir = try Self.tempDir()
        var first = OutputSet(directory: dir)
        first.add("a.csv", contents: "old a\n")
        first.add("short.bin", bytes: [1, 2, 3])
        try first.commit()
        var second = OutputSet(directory: dir)
        second.add("a.csv", contents: String(repeating: "new a\n", count: 100_000))
        second.add("b.csv", contents: "b\n")
        second.add("c.bin", parts: [.bytes([9][...]), .fileRange(path: dir + "/short.bin", offset: 0, length: 4)])
        #expect {
            try second.commit()
        } throws: { error in
            "\(error)".contains("short.bin ended before byte 4")
        }
        #expect(try String(contentsOfFile: dir + "/a.csv", encoding: .utf8) == "old a\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.csv", "short.bin"])
    }

    @Test("a missing source file is an error naming it, and nothing is written")
    func missingSource() throws {
        let dir = try Self.tempDir()
        var set = OutputSet(directory: dir)
        set.add("x.csv", contents: "x\n")
        set.add("y.csv", parts: [.fileRange(path: dir + "/absent.csv", offset: 0, length: 1)])
        #expect {
            try set.commit()
        } throws: { error in
            "\(error)".contains("cannot read \(dir)/absent.csv: No such file or directory")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [])
    }
}
