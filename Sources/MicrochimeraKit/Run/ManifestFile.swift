import Foundation

/// Reads a manifest an earlier run left (run.json, fit.json), for what it wrote.
enum ManifestFile {
    /// The text of the regular file at `path` if it is at most `limit` bytes, else nil
    /// (a device, a folder or a huge file is not a manifest).
    static func read(_ path: String, limit: Int = 64 << 20) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= limit,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
