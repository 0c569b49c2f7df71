/// Where a profile crosses its threshold on one side of the optimum.
public enum ProfileBound: Sendable, Hashable {
    /// The profile reaches optimum + threshold at this coordinate value.
    case at(Double)
    /// The profile stays below optimum + threshold out to the box's edge on
    /// this side (or the optimum lies on that edge): the data do not bound the
    /// parameter there within the box.
    case notReached
}
