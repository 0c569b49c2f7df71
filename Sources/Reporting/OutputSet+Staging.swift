import SystemPackage
#if os(Linux)
import Glibc
#endif

/// Writing one output: folders, staged files, outputs written through, and the kernel copy of file ranges.
extension OutputSet {
    /// `mkdir -p` of `path`: creates `base` and any missing parents, then
    /// the folders of `path` below `base`, refusing a symbolic link among
    /// those (it would lead outside the output folder).
    static func makeDirectory(_ path: String, under base: String) throws(OutputError) {
        try makeDirectory(base)
        guard path != base, path.hasPrefix(base + "/") else { return }
        var prefix = base
        for part in path.dropFirst(base.count + 1).split(separator: "/") {
            prefix += "/" + part
            var st = stat()
            if lstat(prefix, &st) == 0 {
                switch st.st_mode & S_IFMT {
                case S_IFDIR: continue
                case S_IFLNK: throw .notAFile(path: prefix, kind: "a symbolic link (to '\(linkTarget(prefix))') where a folder inside the output folder should be")
                case let kind: throw .cannotCreateDirectory(path: path, reason: "'\(prefix)' exists and is \(OutputFolder.describe(kind)), not a folder")
                }
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreateDirectory(path: path, reason: Errno(rawValue: errno).description)
            }
        }
    }

    /// `mkdir -p`: creates `path` and any missing parents.
    static func makeDirectory(_ path: String) throws(OutputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            var st = stat()
            // Without the trailing '/': stat("file/") fails with ENOTDIR, which would hide what `prefix` is.
            if stat(String(prefix.dropLast()), &st) == 0 {
                if (st.st_mode & S_IFMT) != S_IFDIR {
                    throw .cannotCreateDirectory(path: path, reason: "'\(prefix.dropLast())' exists and is \(OutputFolder.describe(st.st_mode & S_IFMT)), not a folder")
                }
                continue
            }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .cannotCreateDirectory(path: path, reason: Errno(rawValue: errno).description)
            }
        }
    }

    /// Writes `parts` one after the other to a new file at `path` (which
    /// must not exist), then flushes it to disk if `sync`. A failure names
    /// `path` and the reason.
    static func stage(_ parts: [OutputPart], to path: String, sync: Bool) throws(OutputError) {
        do {
            let file = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .exclusiveCreate],
                                               permissions: [.ownerReadWrite, .groupRead, .otherRead])
            try file.closeAfter {
                try write(parts, to: file, path: path)
                if sync && fsync(file.rawValue) != 0 { throw Errno(rawValue: errno) }
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// Writes `parts` through to the character device or FIFO at `path`
    /// (opened for writing, neither created nor truncated; a FIFO waits for
    /// its reader), or to standard output when `path` is nil.
    static func writeThrough(_ parts: [OutputPart], path: String?) throws(OutputError) {
        let shown = path ?? "standard output"
        do {
            guard let path else { return try write(parts, to: FileDescriptor.standardOutput, path: shown) }
            let file = try FileDescriptor.open(FilePath(path), .writeOnly)
            try file.closeAfter { try write(parts, to: file, path: shown) }
        } catch let error as OutputError {
            throw error
        } catch Errno.brokenPipe {
            throw .readerClosed(path: shown)
        } catch {
            throw .cannotWrite(path: shown, reason: "\(error)")
        }
    }

    /// Writes `parts` to `file` (named `path` in errors).
    private static func write(_ parts: [OutputPart], to file: FileDescriptor, path: String) throws {
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
