/// The tool's version, recorded in every `run.json`.
public enum MicrochimeraVersion {
    public static let current = "0.1.0"
}
