import RateModel

/// Compiles a `BiologyScenario` to a `NetworkModel` (placeholder; being written).
public enum BiologyCompiler {
    public static func compile(_ scenario: BiologyScenario) throws(BiologyProblems) -> CompiledScenario {
        throw BiologyProblems([BiologyProblem(ModelPath(), "the biology compiler is not written yet")])
    }
}
