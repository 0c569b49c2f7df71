/// Checks that every name a scenario uses refers to something that exists
/// and that the family makes biological sense, before anything is compiled.
extension BiologyCompiler {
    /// Every problem of `s`, section by section: cell types and tissues,
    /// the family (carried cells, children, mothers), immunity, events and assays.
    static func referenceProblems(_ s: BiologyScenario) -> [BiologyProblem] {
        var check = ReferenceCheck(s)
        check.cellTypesAndTissues()
        check.carriedCells()
        check.children()
        check.mothers()
        check.overlappingPregnancies()
        check.deaths()
        check.immunity()
        check.events()
        check.assays()
        return check.problems
    }
}
