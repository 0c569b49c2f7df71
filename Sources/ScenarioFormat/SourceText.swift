import Foundation

/// A text file as the loaders read it: its exact bytes, and its text decoded
/// as UTF-8 with a leading byte order mark left out.
struct SourceText: Sendable {
    /// Why a file could not be read, in words for a message ("no such file").
    struct Failure: Error {
        let reason: String
    }

    /// The file's bytes as read (byte order mark included).
    let bytes: [UInt8]
    /// The text after the byte order mark, if any.
    let text: String

    /// Reads the file at `path`; fails when it is missing, unreadable (a
    /// directory, no permission) or not valid UTF-8.
    static func read(path: String) throws(Failure) -> SourceText {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw Failure(reason: FileManager.default.fileExists(atPath: path) ? (error as NSError).localizedDescription : "no such file")
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) } // UTF-8 byte order mark
        guard let text = String(validating: body, as: UTF8.self) else {
            throw Failure(reason: "the file is not valid UTF-8 text")
        }
        return SourceText(bytes: bytes, text: text)
    }
}

extension SourceText {
    /// Whether `path` names a file (not a folder) that exists.
    static func isReadableFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }
}
