import Foundation
import Reporting

/// Where a run writes: its checked output folder and side outputs, and the set it replaces.
extension RunPipeline {
    /// Checks the output folder (`--out`) and resolves `--trajectories`
    /// inside it (`OutputFolder`), before anything is simulated or written.
    static func destination(_ request: RunRequest) throws(RunError) -> OutputFolder.Target? {
        let folder = request.resolvedOutDirectory
        do {
            try OutputFolder.check(folder)
            guard let path = request.trajectoriesPath else { return nil }
            return try OutputFolder.resolve(path, option: "--trajectories", in: folder)
        } catch {
            throw .output(error)
        }
    }

    /// The files the previous run in `folder` wrote: the `outputs` of its
    /// run.json, or none when there is no run.json this tool wrote (a file
    /// that is not a readable manifest is not evidence of what the tool wrote).
    static func previousOutputs(in folder: String) -> [String] {
        guard let text = ManifestFile.read(folder + "/run.json"),
              let manifest = try? RunManifest.decode(jsonText: text), manifest.tool == "microchimera" else { return [] }
        return manifest.outputs
    }
}
