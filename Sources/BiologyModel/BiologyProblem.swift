/// A biological or referential problem in a scenario, found after its
/// syntax and units were checked.
public struct BiologyProblem: Sendable, Hashable, Error {
    /// Where the problem lies.
    public var site: BiologySite
    /// What is wrong and how to fix it.
    public var message: BiologyMessage

    public init(_ site: BiologySite, _ message: BiologyMessage) {
        self.site = site
        self.message = message
    }
}
