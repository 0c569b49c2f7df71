import BiologyModel

/// The names a biology-level document declares, for checking references
/// inside the document while it is decoded.
///
/// A list is `nil` when its section was itself invalid (and reported), so
/// references to it are not checked and one mistake is reported once.
struct BiologyNames: Sendable {
    /// The founder's name (the default `mother:` of pregnancies and host of events).
    var founder: String = "mother"
    /// Tissue names, besides blood.
    var tissues: [String]? = nil
    /// Cell type names.
    var cellTypes: [String]? = nil
    /// Whether the document has a `cohort:`, whose generated child names people may not take.
    var cohort = false

    /// `blood` followed by the tissues.
    var compartments: [String]? { tissues.map { [BiologyDefaults.blood] + $0 } }
}
