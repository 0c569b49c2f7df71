import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads an input file's bytes, refusing what is not a regular file or is too large.
///
/// A folder, a FIFO, a character or block device and a socket are named as
/// such and never read: `/dev/zero` would fill memory, `/dev/stdin` or a FIFO
/// with no writer would block. The file is checked by path before it is
/// opened, and opened without blocking and checked again by descriptor (a file
/// replaced in between is caught); at most `SourceText.maximumBytes` are read,
/// so a file that grows while it is read stops there too.
public enum InputFile {
    /// Why a file cannot be read, in words for "cannot read X: REASON" messages.
    public struct Failure: Error, Equatable, Sendable {
        public let reason: String
    }

    /// The bytes of the regular file at `path`.
    public static func read(path: String) throws(Failure) -> [UInt8] {
        if let problem = problem(at: path) { throw Failure(reason: problem) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw Failure(reason: openProblem(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Failure(reason: openProblem(errno)) }
        if let problem = problem(with: status) { throw Failure(reason: problem) }
        let limit = SourceText.maximumBytes
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(Int(status.st_size), limit) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: openProblem(errno))
            }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            if bytes.count > limit { throw Failure(reason: tooLarge(bytes.count, atLeast: true)) }
        }
    }

    /// Why `path` cannot be read as an input file, or `nil` when it is a
    /// regular file within the size bound (its content is not read).
    public static func problem(at path: String) -> String? {
        if path.isEmpty { return "the path is empty; give the path of a file" }
        var status = stat()
        guard stat(path, &status) == 0 else { return openProblem(errno) }
        return problem(with: status)
    }

    /// What is wrong with a file of this status, if anything.
    private static func problem(with status: stat) -> String? {
        let kind = UInt32(status.st_mode) & UInt32(S_IFMT)
        switch kind {
        case UInt32(S_IFREG):
            return Int(status.st_size) > SourceText.maximumBytes ? tooLarge(Int(status.st_size), atLeast: false) : nil
        case UInt32(S_IFDIR):
            return "it is a folder, not a file; give the path of a file (inside the folder, or the file itself)"
        case UInt32(S_IFIFO):
            return notRegular("a FIFO (named pipe)")
        case UInt32(S_IFCHR):
            return notRegular("a character device (such as /dev/zero or a terminal)")
        case UInt32(S_IFBLK):
            return notRegular("a block device")
        case UInt32(S_IFSOCK):
            return notRegular("a socket")
        default:
            return notRegular("a special file")
        }
    }

    private static func notRegular(_ kind: String) -> String {
        "it is not a regular file but \(kind), which is never read as input; save the content to a file and give that file's path"
    }

    private static func tooLarge(_ size: Int, atLeast: Bool) -> String {
        let megabytes = (Double(size) / 1_048_576 * 10).rounded(.down) / 10
        return "it is \(atLeast ? "more than " : "")\(megabytes) MiB, larger than the \(SourceText.maximumBytesDescription) an input "
            + "file may hold (scenarios and data files are far smaller); check that this is the file you meant"
    }

    /// The reason given for a path that names nothing.
    public static let noSuchFile = "no such file"

    /// The reason for an `open`, `stat` or `read` error.
    private static func openProblem(_ code: Int32) -> String {
        switch code {
        case ENOENT: noSuchFile
        case EACCES, EPERM: "permission denied; the file's permissions do not let this user read it"
        case ENOTDIR: "a part of the path before the file name is not a folder"
        case ELOOP: "the path has too many levels of symbolic links (a link that points to itself?)"
        case ENAMETOOLONG: "the path is too long"
        case EISDIR: "it is a folder, not a file; give the path of a file (inside the folder, or the file itself)"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
