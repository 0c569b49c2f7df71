import SystemPackage
#if os(Linux)
import Glibc
#else
#error("Microchimera is built and tested on Linux only: OutputSet copies file ranges with Linux's sendfile(2) (see Package.swift)")
#endif

/// A set of files written together and atomically, each one all or nothing.
///
/// Every file is first written in full to a hidden temporary name in the
/// target directory and flushed to disk (`fsync`); only when all of them are
/// staged are they renamed into place (`rename(2)` is atomic within a file
/// system). A failure while staging removes the temporaries and leaves the
/// directory as it was, so an interrupted run never leaves a half-written file.
///
/// Files are opened, written and read through swift-system's `FileDescriptor`
/// (which retries short writes and `EINTR`); `mkdir`, `fsync`, `rename` and
/// `unlink`, which it does not wrap, are single calls, and `sendfile` is the
/// one loop over a raw system call (`copyRange`).
public struct OutputSet {
    public let directory: String
    /// Each file's contents as parts written one after the other.
    private var files: [(directory: String, name: String, parts: [OutputPart])] = []

    public init(directory: String) { self.directory = directory }

    /// Adds a file (by name inside `directory`) with its full contents.
    public mutating func add(_ name: String, contents: String) {
        files.append((directory, name, [.bytes(Array(contents.utf8)[...])]))
    }

    /// Adds a file (by name inside `directory`) with its full contents as bytes.
    public mutating func add(_ name: String, bytes: [UInt8]) {
        files.append((directory, name, [.bytes(bytes[...])]))
    }

    /// Adds a file (by name inside `directory`) whose contents are `parts`
    /// in order, written one after the other without joining them in memory.
    public mutating func add(_ name: String, parts: [ArraySlice<UInt8>]) {
        files.append((directory, name, parts.map(OutputPart.bytes)))
    }

    /// Adds a file (by name inside `directory`) made of `parts` in order:
    /// bytes, or ranges of other files, which the kernel copies. A source
    /// file shorter than a range fails the commit (nothing is renamed).
    public mutating func add(_ name: String, parts: [OutputPart]) {
        files.append((directory, name, parts))
    }

    /// Adds a file at any path (its temporary twin is staged in the same directory).
    public mutating func add(path: String, contents: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let name = String(parts.last ?? "")
        let dir = parts.count > 1 ? parts.dropLast().joined(separator: "/") : "."
        files.append((dir.isEmpty ? "/" : dir, name, [.bytes(Array(contents.utf8)[...])]))
    }

    /// Creates the directory if needed, stages every file, then renames them
    /// into place. Returns the final paths.
    ///
    /// `durable: false` skips the `fsync` of each staged file: the rename is
    /// still atomic for any reader and against the process being killed, but
    /// after a power cut a file may be empty. For many small intermediate
    /// files (a sweep's points) whose reader checks them.
    @discardableResult
    public func commit(durable: Bool = true) throws(OutputError) -> [String] {
        var staged: [(temp: String, final: String)] = []
        let tag = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        for f in files {
            let final = f.directory + "/" + f.name
            let temp = f.directory + "/." + f.name + ".tmp-" + tag
            do {
                try Self.makeDirectory(f.directory)
                try Self.stage(f.parts, to: temp, sync: durable)
            } catch {
                for s in staged { unlink(s.temp) }
                unlink(temp)
                throw error
            }
            staged.append((temp, final))
        }
        for s in staged where rename(s.temp, s.final) != 0 {
            let reason = Errno(rawValue: errno).description
            for r in staged { unlink(r.temp) }
            throw .cannotWrite(path: s.final, reason: reason)
        }
        return staged.map(\.final)
    }

    /// `mkdir -p`: creates `path` and any missing parents.
    static func makeDirectory(_ path: String) throws(OutputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            var st = stat()
            if stat(prefix, &st) == 0 {
                if (st.st_mode & S_IFMT) != S_IFDIR {
                    throw .cannotCreateDirectory(path: path, reason: "'\(prefix.dropLast())' exists and is not a directory")
                }
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreateDirectory(path: path, reason: Errno(rawValue: errno).description)
            }
        }
    }

    /// Writes `parts` one after the other to a new file at `path`, then
    /// flushes it to disk if `sync`. A failure names `path` and the reason.
    private static func stage(_ parts: [OutputPart], to path: String, sync: Bool) throws(OutputError) {
        do {
            let file = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate],
                                               permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try file.closeAfter {
                var source: (path: String, file: FileDescriptor)?
                defer { try? source?.file.close() }
                for part in parts {
                    switch part {
                    case .bytes(let bytes):
                        try file.writeAll(bytes)
                    case .fileRange(let sourcePath, let offset, let length):
                        if source?.path != sourcePath {
                            try? source?.file.close()
                            source = nil
                            do {
                                source = (sourcePath, try FileDescriptor.open(FilePath(sourcePath), .readOnly))
                            } catch {
                                throw OutputError.cannotWrite(path: path, reason: "cannot read \(sourcePath): \(error)")
                            }
                        }
                        try copyRange(from: source!.file, sourcePath: sourcePath, offset: offset, length: length,
                                      to: file, path: path)
                    }
                }
                if sync && fsync(file.rawValue) != 0 { throw Errno(rawValue: errno) }
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// Appends `length` bytes of `source` from `offset` to `file`.
    ///
    /// By `sendfile(2)`, a copy inside the kernel: joining a sweep's batch
    /// files this way takes a third of the time of reading and writing them
    /// (see `OutputPart.fileRange`). swift-system does not wrap it, so this is
    /// the one loop over a raw system call, retrying `EINTR` and `EAGAIN`.
    /// Where the kernel cannot (`EINVAL`, `ENOSYS`), the bytes go through a
    /// 1 MiB buffer by `FileDescriptor` reads and writes.
    private static func copyRange(from source: FileDescriptor, sourcePath: String, offset: Int, length: Int,
                                  to file: FileDescriptor, path: String) throws {
        var position = offset
        var left = length
        let endedEarly = OutputError.cannotWrite(
            path: path, reason: "\(sourcePath) ended before byte \(offset + length): it changed while being copied")
        kernel: while left > 0 {
            let n = sendfile(file.rawValue, source.rawValue, &position, left)
            if n > 0 { left -= n; continue }
            if n == 0 { throw endedEarly }
            switch Errno(rawValue: errno) {
            case .interrupted, .resourceTemporarilyUnavailable: continue
            case .invalidArgument, .noFunction: break kernel
            case let error: throw error
            }
        }
        guard left > 0 else { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(left, 1 << 20), alignment: 16)
        defer { buffer.deallocate() }
        while left > 0 {
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(left, buffer.count)])
            let r = try source.read(fromAbsoluteOffset: Int64(position), into: chunk)
            if r == 0 { throw endedEarly }
            try file.writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<r]))
            position += r
            left -= r
        }
    }
}
