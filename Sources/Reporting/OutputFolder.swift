#if os(Linux)
import Glibc
#endif

/// Checks the paths a command is told to write: the output folder (`--out`)
/// and side outputs inside it (`--trajectories`), so that nothing is written
/// outside the folder and nothing is written where it must not be.
///
/// The rules (docs/output.md, "Output policy"): `--out` names a folder, never
/// empty, never the root `/`, never an existing file or device; a side
/// output is a name inside that folder (a relative name is taken inside
/// it, unless it already leads inside it from the working folder; `..` may
/// not climb out of it; an absolute path must lie inside it),
/// or `-` for standard output, or an existing character device or FIFO
/// (`/dev/stdout`, `/dev/null`, a named pipe), which is written through.
public enum OutputFolder {
    /// Where one side output goes.
    public enum Target: Sendable, Equatable {
        /// A file at this path relative to the output folder (no `.` or `..` parts).
        case inside(String)
        /// An existing character device or FIFO at this path, written through.
        case device(String)
        /// Standard output (`-`).
        case standardOutput

        /// The name recorded in a manifest: the relative path, the device's path, or `-`.
        public var recordedName: String {
            switch self {
            case .inside(let name): return name
            case .device(let path): return path
            case .standardOutput: return "-"
            }
        }
    }

    /// Checks that `path` (given as `option`) can be an output folder: not
    /// empty, not the root folder, and not an existing file or device.
    public static func check(_ path: String, option: String = "--out") throws(OutputError) {
        if path.isEmpty {
            throw .badFolder(option: option, path: path, problem: "is empty: name the folder to write into, e.g. \(option) out/run1")
        }
        if lexical(absolute(path)).isEmpty || resolved(path) == "/" {
            throw .badFolder(option: option, path: path, problem: "is the root folder '/': the outputs need a folder of their own, "
                             + "e.g. \(option) out/run1")
        }
        if let kind = kind(path, follow: true), kind != S_IFDIR {
            throw .badFolder(option: option, path: path, problem: "is \(describe(kind)), not a folder: give a folder to write into "
                             + "(it is created if missing)")
        }
    }

    /// Resolves side output `path` (given as `option`) against the output folder `folder`.
    public static func resolve(_ path: String, option: String, in folder: String) throws(OutputError) -> Target {
        if path.isEmpty {
            throw .badFolder(option: option, path: path, problem: "is empty: give a file name inside the output folder, or - for standard output")
        }
        if path == "-" { return .standardOutput }
        if path.hasPrefix("/") {
            if let kind = kind(path, follow: true), kind == S_IFCHR || kind == S_IFIFO { return .device(path) }
            let base = lexical(absolute(folder)), parts = lexical(path)
            guard parts.count > base.count, Array(parts.prefix(base.count)) == base else {
                throw .outsideFolder(option: option, path: path, folder: folder)
            }
            return .inside(parts.dropFirst(base.count).joined(separator: "/"))
        }
        // A relative path that already leads inside the folder from the working folder
        // (`--out out/a --trajectories out/a/t.csv`) means that place.
        let base = lexical(absolute(folder)), fromHere = lexical(absolute(path))
        if !path.hasSuffix("/"), fromHere.count > base.count, Array(fromHere.prefix(base.count)) == base,
           !path.split(separator: "/").contains("..") {
            return .inside(fromHere.dropFirst(base.count).joined(separator: "/"))
        }
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { throw .outsideFolder(option: option, path: path, folder: folder) }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        guard !parts.isEmpty, !path.hasSuffix("/") else {
            throw .badFolder(option: option, path: path, problem: "names a folder, not a file: give a file name, e.g. \(option) trajectories.csv")
        }
        return .inside(parts.joined(separator: "/"))
    }

    /// A single output file named by `path` (`describe --out`): standard
    /// output for `-`, a character device or FIFO written through, else the
    /// folder and name of a file written atomically.
    public static func file(_ path: String, option: String) throws(OutputError) -> (folder: String, target: Target) {
        if path.isEmpty {
            throw .badFolder(option: option, path: path, problem: "is empty: give a file name, or - for standard output")
        }
        if path == "-" { return (".", .standardOutput) }
        if let kind = kind(path, follow: true), kind == S_IFCHR || kind == S_IFIFO { return (".", .device(path)) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let name = String(parts.last ?? "")
        guard !name.isEmpty, name != ".", name != ".." else {
            throw .badFolder(option: option, path: path, problem: "names a folder, not a file: give a file name, e.g. \(option) model.dot")
        }
        let folder = parts.dropLast().joined(separator: "/")
        return (parts.count == 1 ? "." : folder.isEmpty ? "/" : folder, .inside(name))
    }

    /// Whether `path` is this process's standard output: `-`, or a path to
    /// the same file (`/dev/stdout`, `/proc/self/fd/1`, the terminal).
    public static func isStandardOutput(_ path: String) -> Bool {
        if path == "-" { return true }
        var a = stat(), b = stat()
        return stat(path, &a) == 0 && fstat(1, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Whether the folder `inner` is `outer` or lies inside it, by their real paths (links resolved).
    public static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
        let a = lexical(resolved(inner) ?? absolute(inner)), b = lexical(resolved(outer) ?? absolute(outer))
        return a.count >= b.count && Array(a.prefix(b.count)) == b
    }

    /// `path` made absolute against the working folder.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" + path }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
    }

    /// The components of absolute `path` with `.` and `..` applied (`..` at the root stays at the root).
    static func lexical(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return parts
    }

    /// The real path of `path` (links resolved) if it, or else its parent, exists.
    static func resolved(_ path: String) -> String? {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1, let name = parts.last, name != "..", name != "." else { return nil }
        let parent = parts.dropLast().joined(separator: "/")
        guard let real = realpath(parent.isEmpty ? "/" : parent, nil) else { return nil }
        defer { free(real) }
        let base = String(cString: real)
        return (base == "/" ? "" : base) + "/" + name
    }

    /// The file type bits (`S_IFMT`) of `path`, or nil when nothing is there.
    static func kind(_ path: String, follow: Bool) -> mode_t? {
        var st = stat()
        let r = follow ? stat(path, &st) : lstat(path, &st)
        return r == 0 ? st.st_mode & S_IFMT : nil
    }

    /// "a folder", "a FIFO", ... for file type bits.
    static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a folder"
        case S_IFREG: return "a regular file"
        case S_IFLNK: return "a symbolic link"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
