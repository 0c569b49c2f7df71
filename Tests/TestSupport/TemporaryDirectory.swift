import Foundation

/// Fresh folders for tests, all removed when the test process exits.
///
/// Each folder is made inside one folder per test process,
/// `$TMPDIR/mc-tests-<pid>-<random>`, which an `atexit` handler removes with
/// everything in it. A test needs no clean-up of its own, and a failed test's
/// files stay readable until the run ends. The paths are short (under 50
/// characters in /tmp), as output that prints them must fit 80 columns.
public enum TemporaryDirectory {
    /// The process's folder (made by the first `make`), removed at exit.
    private static let root: URL = {
        atexit { try? FileManager.default.removeItem(at: TemporaryDirectory.root) }
        return URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("mc-tests-\(getpid())-\(shortID())")
    }()

    /// A new empty folder named `<prefix>-<random>`.
    public static func make(_ prefix: String) throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(shortID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Eight random hexadecimal digits (a UUID's first group).
    private static func shortID() -> String { String(UUID().uuidString.prefix(8)) }
}
