#if os(Linux)
import Glibc
#endif

/// Removing what earlier runs left: temporaries of killed processes, and the tool's own files a new set no longer has.
extension OutputSet {
    /// Removes from `folder` the temporaries (`.NAME.tmp-PID-RANDOM`) and
    /// backups (`.NAME.bak-PID-RANDOM`) of processes that are no longer
    /// running (a run killed by `kill -9` or a power cut). Those of a live
    /// process, and those this process is writing, are left alone; a
    /// temporary of this process's PID that it did not register belongs to
    /// an earlier process of the same PID, and is removed.
    public static func removeStaleTemporaries(in folder: String) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        let me = getpid()
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = stalePID(name) else { continue }
            let path = folder + "/" + name
            if pid == me ? TemporaryFiles.isRegistered(path) : (kill(pid, 0) == 0 || errno == EPERM) { continue }
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            unlink(path)
        }
    }

    /// The PID in a temporary's or backup's name (`.NAME.tmp-PID-RANDOM`), or nil for any other name.
    static func stalePID(_ name: String) -> pid_t? {
        let bytes = Array(name.utf8)
        guard bytes.first == UInt8(ascii: "."), bytes.count > 6 else { return nil }
        for marker in [Array(".tmp-".utf8), Array(".bak-".utf8)] {
            guard let start = stride(from: bytes.count - marker.count, through: 1, by: -1)
                .first(where: { Array(bytes[$0..<($0 + marker.count)]) == marker }) else { continue }
            let fields = bytes[(start + marker.count)...].split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard fields.count == 2, let pid = pid_t(String(decoding: fields[0], as: UTF8.self)), pid > 0,
                  UInt32(String(decoding: fields[1], as: UTF8.self)) != nil else { continue }
            return pid
        }
        return nil
    }

    /// Removes the files of `previous` (paths inside `directory`) not in
    /// `current`: regular files only, reached without climbing out of the
    /// folder or through a link; a folder they leave empty is removed too.
    static func removePrevious(_ previous: [String], keeping current: Set<String>, in directory: String) {
        for name in previous where name != "-" && !name.hasPrefix("/") {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), !current.contains(name) else { continue }
            var path = directory
            var safe = true
            for (i, part) in parts.enumerated() {
                path += "/" + part
                var st = stat()
                guard lstat(path, &st) == 0 else { safe = false; break }
                let kind = st.st_mode & S_IFMT
                if i < parts.count - 1 ? kind != S_IFDIR : kind != S_IFREG { safe = false; break }
            }
            guard safe, unlink(path) == 0 else { continue }
            for depth in stride(from: parts.count - 1, to: 0, by: -1) {
                if rmdir(directory + "/" + parts.prefix(depth).joined(separator: "/")) != 0 { break }
            }
        }
    }
}
