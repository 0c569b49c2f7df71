import SystemPackage
#if os(Linux)
import Glibc
#else
#error("Microchimera is built and tested on Linux only: OutputSet copies file ranges with Linux's sendfile(2) (see Package.swift)")
#endif

/// A set of files written together and atomically: all of them or none.
///
/// `commit` first checks every target (a folder, a symbolic link to a file,
/// a block device or socket where a file should go is refused; a character
/// device or FIFO is written through; two outputs with one path are
/// refused) before anything is written. Then every file is written in full
/// to a hidden temporary name in its folder (`.NAME.tmp-PID-RANDOM`) and
/// flushed to disk (`fsync`); the outputs written through (standard output,
/// devices, FIFOs) are written next; and only then are the temporaries
/// renamed into place (`rename(2)` is atomic within a file system), while
/// the previous files are kept as hard links until every rename succeeded:
/// a rename that fails puts the previous files back. So a failure anywhere
/// leaves the folder's previous files byte-identical. Files listed in
/// `previous` (what the tool wrote there last time) and not written now are
/// removed after the renames, so the folder holds one run's set.
///
/// Temporaries are registered with `TemporaryFiles`, which removes them on
/// SIGINT, SIGTERM or SIGHUP; those of a killed process (`kill -9`) are
/// removed by the next commit into the same folder.
///
/// Files are opened, written and read through swift-system's `FileDescriptor`
/// (which retries short writes and `EINTR`); `mkdir`, `fsync`, `rename`,
/// `link` and `unlink`, which it does not wrap, are single calls, and
/// `sendfile` is the one loop over a raw system call (`copyRange`).
public struct OutputSet {
    public let directory: String
    /// The outputs, in the order added.
    private var entries: [Entry] = []
    /// Paths relative to `directory` of the files the tool wrote there in
    /// its previous commit (read from that run's manifest); those not written
    /// now are removed at commit. Paths that climb out of the folder (`..`,
    /// absolute) and anything but regular files are never removed.
    public var previous: [String] = []
    /// Whether `commit` first removes the temporaries of dead processes from
    /// the folders it writes into (off for a sweep's many small batch files,
    /// whose folder is cleaned once when the sweep opens).
    public var removesStaleTemporaries = true

    /// One output: a file at `relative` inside `directory`, or a stream.
    struct Entry {
        /// The path inside `directory`, or nil for standard output or a device outside it.
        let relative: String?
        /// A device's path outside `directory`, written through.
        let device: String?
        let parts: [OutputPart]
    }

    public init(directory: String) { self.directory = directory }

    /// Adds a file (by path inside `directory`, such as `fitted/a.yaml`) with its full contents.
    public mutating func add(_ name: String, contents: String) {
        add(name, parts: [.bytes(Array(contents.utf8)[...])])
    }

    /// Adds a file (by path inside `directory`) with its full contents as bytes.
    public mutating func add(_ name: String, bytes: [UInt8]) {
        add(name, parts: [.bytes(bytes[...])])
    }

    /// Adds a file (by path inside `directory`) whose contents are `parts`
    /// in order, written one after the other without joining them in memory.
    public mutating func add(_ name: String, parts: [ArraySlice<UInt8>]) {
        add(name, parts: parts.map(OutputPart.bytes))
    }

    /// Adds a file (by path inside `directory`) made of `parts` in order:
    /// bytes, or ranges of other files, which the kernel copies. A source
    /// file shorter than a range fails the commit (nothing is renamed).
    public mutating func add(_ name: String, parts: [OutputPart]) {
        entries.append(Entry(relative: name, device: nil, parts: parts))
    }

    /// Adds a side output resolved by `OutputFolder.resolve` (a file inside
    /// `directory`, a device written through, or standard output).
    public mutating func add(_ target: OutputFolder.Target, contents: String) {
        let parts: [OutputPart] = [.bytes(Array(contents.utf8)[...])]
        switch target {
        case .inside(let name): add(name, parts: parts)
        case .device(let path): entries.append(Entry(relative: nil, device: path, parts: parts))
        case .standardOutput: entries.append(Entry(relative: nil, device: nil, parts: parts))
        }
    }

    /// What `commit` does with one output, decided before anything is written.
    enum Plan {
        /// Staged under a temporary name and renamed to `final`.
        case file(folder: String, name: String)
        /// Written through: a character device or FIFO at this path.
        case device(String)
        case standardOutput
    }

    /// Checks every target, creates the folders, stages every file, writes
    /// the outputs that are written through, then renames the files into
    /// place and removes the `previous` files not written now. Returns the
    /// paths written (`-` for standard output).
    ///
    /// `durable: false` skips the `fsync` of each staged file: the rename is
    /// still atomic for any reader and against the process being killed, but
    /// after a power cut a file may be empty. For many small intermediate
    /// files (a sweep's points) whose reader checks them.
    @discardableResult
    public func commit(durable: Bool = true) throws(OutputError) -> [String] {
        if directory.isEmpty { throw .badFolder(option: "the output folder", path: directory, problem: "is empty: name the folder to write into") }
        let plans = try plan()
        var folders: [String] = []
        for case .file(let folder, _) in plans where !folders.contains(folder) {
            try Self.makeDirectory(folder, under: directory)
            folders.append(folder)
        }
        if removesStaleTemporaries { for folder in folders { Self.removeStaleTemporaries(in: folder) } }
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var staged: [(temp: String, final: String)] = []
        func discard() {
            for s in staged {
                unlink(s.temp)
                TemporaryFiles.unregister(s.temp)
            }
        }
        var written: [String] = []
        for (entry, plan) in zip(entries, plans) {
            guard case .file(let folder, let name) = plan else { continue }
            let temp = folder + "/." + name + ".tmp-" + tag
            TemporaryFiles.register(temp)
            do {
                try Self.stage(entry.parts, to: temp, sync: durable)
            } catch {
                unlink(temp)
                TemporaryFiles.unregister(temp)
                discard()
                throw error
            }
            staged.append((temp, folder + "/" + name))
        }
        for (entry, plan) in zip(entries, plans) {
            do {
                switch plan {
                case .file(let folder, let name): written.append(folder + "/" + name)
                case .device(let path): try Self.writeThrough(entry.parts, path: path); written.append(path)
                case .standardOutput: try Self.writeThrough(entry.parts, path: nil); written.append("-")
                }
            } catch {
                discard()
                throw error
            }
        }
        try TemporaryFiles.exclusively { (registered: inout Set<String>) throws(OutputError) in
            try Self.swap(staged, tag: tag, registered: &registered)
        }
        Self.removePrevious(previous, keeping: Set(entries.compactMap(\.relative).map(Self.normalized)), in: directory)
        return written
    }

    /// Decides what to do with every output, refusing a target that is a
    /// folder, a link to anything but a device, a block device or a socket,
    /// or a path two outputs share. Writes nothing.
    func plan() throws(OutputError) -> [Plan] {
        var plans: [Plan] = []
        var seen = Set<String>()
        for entry in entries {
            guard let relative = entry.relative else {
                plans.append(entry.device.map(Plan.device) ?? .standardOutput)
                continue
            }
            let parts = Self.normalized(relative).split(separator: "/")
            guard let name = parts.last.map(String.init) else {
                throw .notAFile(path: directory, kind: "the output folder itself")
            }
            let folder = ([directory] + parts.dropLast().map(String.init)).joined(separator: "/")
            let final = folder + "/" + name
            guard seen.insert(final).inserted else { throw .duplicate(path: final) }
            var st = stat()
            guard lstat(final, &st) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { plans.append(.file(folder: folder, name: name)); continue }
                throw .cannotWrite(path: final, reason: Errno(rawValue: errno).description)
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG: plans.append(.file(folder: folder, name: name))
            case S_IFCHR, S_IFIFO: plans.append(.device(final))
            case S_IFLNK:
                if let kind = OutputFolder.kind(final, follow: true), kind == S_IFCHR || kind == S_IFIFO {
                    plans.append(.device(final))
                } else {
                    throw .notAFile(path: final, kind: "a symbolic link (to '\(Self.linkTarget(final))')")
                }
            case let kind: throw .notAFile(path: final, kind: OutputFolder.describe(kind))
            }
        }
        return plans
    }

    /// `path` without `.` parts or repeated slashes.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Where the symbolic link at `path` points.
    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Renames every staged file into place, keeping each previous file as a
    /// hard link until all renames succeeded; on a failed rename, puts the
    /// previous files back and removes the temporaries. Runs under the
    /// registry's lock (`registered` is its set).
    static func swap(_ staged: [(temp: String, final: String)], tag: String,
                     registered: inout Set<String>) throws(OutputError) {
        var done: [(final: String, backup: String?)] = []
        for s in staged {
            var backup: String?
            var st = stat()
            if lstat(s.final, &st) == 0 && st.st_mode & S_IFMT == S_IFREG {
                let cut = s.final.lastIndex(of: "/")!
                let b = String(s.final[..<cut]) + "/." + s.final[s.final.index(after: cut)...] + ".bak-" + tag
                registered.insert(b)
                if link(s.final, b) == 0 { backup = b } else { registered.remove(b) }
            }
            if rename(s.temp, s.final) != 0 {
                let reason = Errno(rawValue: errno).description
                for d in done.reversed() {
                    if let b = d.backup { rename(b, d.final); registered.remove(b) } else { unlink(d.final) }
                }
                if let backup { unlink(backup); registered.remove(backup) }
                for r in staged { unlink(r.temp); registered.remove(r.temp) }
                throw .cannotWrite(path: s.final, reason: reason)
            }
            registered.remove(s.temp)
            done.append((s.final, backup))
        }
        for d in done {
            if let b = d.backup { unlink(b); registered.remove(b) }
        }
    }
}
