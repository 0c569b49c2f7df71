#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of files written together and atomically, each one all or nothing.
///
/// Every file is first written in full to a hidden temporary name in the
/// target directory and flushed to disk (`fsync`); only when all of them are
/// staged are they renamed into place (`rename(2)` is atomic within a file
/// system). A failure while staging removes the temporaries and leaves the
/// directory as it was, so an interrupted run never leaves a half-written file.
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
            let reason = String(cString: strerror(errno))
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
                throw .cannotCreateDirectory(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    private static func stage(_ parts: [OutputPart], to path: String, sync: Bool) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var source: (path: String, fd: Int32)?
        defer { if let source { close(source.fd) } }
        for part in parts {
            switch part {
            case .bytes(let bytes):
                let failure = bytes.withUnsafeBytes { raw -> OutputError? in
                    do throws(OutputError) { try writeAll(raw, to: fd, path: path) } catch { return error }
                    return nil
                }
                if let failure { throw failure }
            case .fileRange(let sourcePath, let offset, let length):
                if source?.path != sourcePath {
                    if let source { close(source.fd) }
                    source = nil
                    let opened = open(sourcePath, O_RDONLY)
                    guard opened >= 0 else {
                        throw .cannotWrite(path: path, reason: "cannot read \(sourcePath): \(String(cString: strerror(errno)))")
                    }
                    source = (sourcePath, opened)
                }
                try copyRange(from: source!.fd, sourcePath: sourcePath, offset: offset, length: length, to: fd, path: path)
            }
        }
        guard !sync || fsync(fd) == 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    }

    /// Writes every byte of `raw` to `fd`, retrying short writes and `EINTR`.
    private static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(OutputError) {
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    /// Appends `length` bytes of `source` from `offset` to `fd`: by
    /// `sendfile(2)` (a copy inside the kernel), or by `pread` and `write`
    /// through a 1 MiB buffer where the kernel cannot (`EINVAL`, `ENOSYS`).
    private static func copyRange(from source: Int32, sourcePath: String, offset: Int, length: Int,
                                  to fd: Int32, path: String) throws(OutputError) {
        var position = offset
        var left = length
        func endedEarly() -> OutputError {
            .cannotWrite(path: path, reason: "\(sourcePath) ended before byte \(offset + length): it changed while being copied")
        }
        while left > 0 {
            let n = sendfile(fd, source, &position, left)
            if n > 0 { left -= n; continue }
            if n == 0 { throw endedEarly() }
            if errno == EINTR || errno == EAGAIN { continue }
            guard errno == EINVAL || errno == ENOSYS else {
                throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(left, 1 << 20), alignment: 16)
            defer { buffer.deallocate() }
            while left > 0 {
                let r = pread(source, buffer.baseAddress, min(left, buffer.count), position)
                if r < 0 && errno == EINTR { continue }
                guard r >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
                if r == 0 { throw endedEarly() }
                try writeAll(UnsafeRawBufferPointer(rebasing: buffer[0..<r]), to: fd, path: path)
                position += r
                left -= r
            }
        }
    }
}
