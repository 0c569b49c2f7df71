import Foundation
import TestSupport
import Testing
@testable import ScenarioFormat

/// Input files that are not regular files, too large, or not UTF-8, as a
/// scenario, an `extends:` base, a fit file, a data file or a study's scenario:
/// each named as what it is, never read unbounded, never blocking.
@Suite("input files: folders, FIFOs, devices, size, encoding")
struct InputFileTests {
    /// A folder with a subfolder `folder.yaml`, a FIFO `fifo.yaml`, and `files`.
    static func directory(_ files: [String: [UInt8]] = [:]) throws -> URL {
        let dir = try TemporaryDirectory.make("mc-input")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yaml"), withIntermediateDirectories: true)
        #expect(mkfifo(dir.appendingPathComponent("fifo.yaml").path, 0o644) == 0)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// The error of loading `path` as a scenario.
    static func loadError(_ path: String) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(path: path)
            return nil
        } catch {
            return error
        }
    }

    /// Each kind of file that is not a regular file, with the words that name it.
    static let specialFiles: [(path: String?, name: String, words: String)] = [
        (nil, "folder.yaml", "is a folder, not a file"),
        (nil, "fifo.yaml", "FIFO"),
        ("/dev/zero", "", "character device"),
        ("/dev/null", "", "character device"),
    ]

    @Test("a folder, a FIFO, /dev/zero or /dev/null as the scenario: .unreadable naming what it is")
    func specialScenario() throws {
        let dir = try Self.directory()
        for special in Self.specialFiles {
            let path = special.path ?? dir.appendingPathComponent(special.name).path
            let error = Self.loadError(path)
            guard case .unreadable(let file, let reason, _)? = error else {
                Issue.record("\(path): expected .unreadable, got \(String(describing: error))")
                continue
            }
            #expect(file == path && reason.contains(special.words), "\(reason)")
            #expect(!reason.contains("NSCocoaErrorDomain") && !reason.contains("permission"), "\(reason)")
        }
    }

    @Test("a file larger than the bound is refused by its size, unread")
    func tooLarge() throws {
        let dir = try Self.directory()
        let url = dir.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(SourceText.maximumBytes + 1)) // sparse: nothing is written
        try handle.close()
        guard case .unreadable(_, let reason, _)? = Self.loadError(url.path) else {
            Issue.record("expected .unreadable")
            return
        }
        #expect(reason.contains("16.0 MiB") && reason.contains("larger than the \(SourceText.maximumBytesDescription)"), "\(reason)")
        #expect(InputFile.problem(at: url.path) == reason)
    }

    @Test("a file that is not UTF-8: .invalid at the line and column of the first invalid byte")
    func notUTF8() throws {
        // Line 3 is `  - é` then byte 0xFF: column 6 (the é is one character).
        let bytes = Array("name: x\nlist:\n  - é".utf8) + [0xFF, 0x0A]
        let dir = try Self.directory(["latin1.yaml": bytes, "crlf.yaml": Array("a: 1\r\nb: 2\r\n\r\nc: ".utf8) + [0xC3, 0x28]])
        let path = dir.appendingPathComponent("latin1.yaml").path
        let d = try #require(Self.loadError(path)?.diagnostics.first)
        #expect(d.file == path && d.line == 3 && d.column == 6, "\(d)")
        #expect(d.message.contains("not valid UTF-8") && d.message.contains("0xFF"), "\(d)")
        #expect(d.description.hasPrefix(path + ":3:6: error: "))
        let crlf = try #require(Self.loadError(dir.appendingPathComponent("crlf.yaml").path)?.diagnostics.first)
        #expect(crlf.line == 4 && crlf.column == 4, "\\r\\n is one line break: \(crlf)")
    }

    @Test("extends: a folder, a FIFO or /dev/zero: reported at the extends: line, naming what it is")
    func specialBase() throws {
        let dir = try Self.directory()
        for special in Self.specialFiles {
            let base = special.path ?? special.name
            try "name: x\nextends: \(base)\n".write(to: dir.appendingPathComponent("child.yaml"), atomically: true, encoding: .utf8)
            let found = Self.loadError(dir.appendingPathComponent("child.yaml").path)?.diagnostics ?? []
            #expect(found.count == 1, "\(found)")
            guard let d = found.first else { continue }
            #expect(d.line == 2 && d.keyPath == "extends", "\(d)")
            #expect(d.message.contains("cannot read the base scenario") && d.message.contains(special.words), "\(d)")
        }
    }

    @Test("extends: an empty, comment-only, list or scalar file: an error at the extends: line saying what it holds")
    func baseNotAMapping() throws {
        let bases: [(name: String, text: String, words: String)] = [
            ("empty.yaml", "", "is empty"),
            ("comment.yaml", "# nothing here\n\n", "is empty"),
            ("null.yaml", "~\n", "has no keys"),
            ("list.yaml", "- a\n- b\n", "holds a list"),
            ("scalar.yaml", "hello\n", "holds 'hello'"),
        ]
        let dir = try Self.directory(Dictionary(uniqueKeysWithValues: bases.map { ($0.name, Array($0.text.utf8)) }))
        for base in bases {
            let child = dir.appendingPathComponent("child-\(base.name)")
            try "name: x\nhorizon: 1 year\nextends: \(base.name)\n".write(to: child, atomically: true, encoding: .utf8)
            let error = Self.loadError(child.path)
            let found = error?.diagnostics ?? []
            #expect(found.count == 1, "\(base.name): \(String(describing: error))")
            guard let d = found.first else { continue }
            #expect(d.file == child.path && d.line == 3 && d.keyPath == "extends", "\(d)")
            #expect(d.message.contains(base.words) && d.message.contains("a mapping with keys"), "\(d)")
        }
    }

    @Test("extends: a base that is not UTF-8 is reported at its invalid byte")
    func baseNotUTF8() throws {
        let dir = try Self.directory(["base.yaml": Array("name: b\n".utf8) + [0x80]])
        let child = dir.appendingPathComponent("child.yaml")
        try "extends: base.yaml\n".write(to: child, atomically: true, encoding: .utf8)
        let d = try #require(Self.loadError(child.path)?.diagnostics.first)
        #expect(d.file.hasSuffix("base.yaml") && d.line == 2 && d.column == 1 && d.message.contains("UTF-8"), "\(d)")
    }

    @Test("a chain of 40 extends: stops at the bound of 32 base files, at the extends: line that passes it")
    func longChain() throws {
        var files: [String: [UInt8]] = ["f40.yaml": Array(exampleScenario.utf8)]
        for i in 0..<40 { files["f\(i).yaml"] = Array("extends: f\(i + 1).yaml\n".utf8) }
        let dir = try Self.directory(files)
        let found = Self.loadError(dir.appendingPathComponent("f0.yaml").path)?.diagnostics ?? []
        #expect(found.count == 1 && found.first?.file.hasSuffix("/f32.yaml") == true && found.first?.keyPath == "extends", "\(found)")
        #expect(found.first?.message.contains("longer than \(ScenarioInheritance.maximumChain) files") == true, "\(found)")
        _ = try ScenarioLoader.load(path: dir.appendingPathComponent("f10.yaml").path)
    }

    @Test("--set extends=... is refused as a malformed override, saying why")
    func setExtends() throws {
        for path in ["extends", "extends.x"] {
            do {
                _ = try ScenarioLoader.parse(text: exampleScenario, file: "test.yaml", overrides: [SetOverride(path: path, value: "a.yaml")])
                Issue.record("--set \(path) was accepted")
            } catch {
                guard case .badOverride(let argument, let reason) = error else {
                    Issue.record("expected .badOverride, got \(error)")
                    continue
                }
                #expect(argument == "\(path)=a.yaml" && reason.contains("cannot be set with --set"), "\(reason)")
            }
        }
    }

    @Test("a fit file's data file or study scenario that is a folder, a FIFO or a device")
    func fitInputs() throws {
        let dir = try Self.directory(["s.yaml": Array(exampleScenario.utf8)])
        for special in Self.specialFiles {
            let target = special.path ?? special.name
            let fit = """
                name: f
                studies:
                  - name: a
                    scenario: \(target)
                    data: \(target)
                free:
                  - { path: horizon, min: 1 year, max: 2 years }

                """
            let url = dir.appendingPathComponent("fit.yaml")
            try fit.write(to: url, atomically: true, encoding: .utf8)
            do {
                _ = try FitFile.load(path: url.path)
                Issue.record("\(target) was accepted")
            } catch {
                let messages = error.diagnostics.map(\.description).joined(separator: "\n")
                #expect(error.diagnostics.contains { $0.keyPath == "studies[0].data" && $0.message.contains(special.words) }, "\(messages)")
                #expect(error.diagnostics.contains { $0.keyPath == "studies[0].scenario" && $0.message.contains(special.words) }, "\(messages)")
            }
        }
        do {
            _ = try FitFile.load(path: "/dev/zero")
            Issue.record("/dev/zero was accepted as a fit file")
        } catch {
            guard case .unreadable(_, let reason, "fit file") = error else {
                Issue.record("/dev/zero as a fit file: expected .unreadable, got \(error)")
                return
            }
            #expect(reason.contains("character device"))
        }
    }
}
