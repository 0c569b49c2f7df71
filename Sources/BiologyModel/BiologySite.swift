/// Where in a biology scenario a problem lies, in the model's own terms: a
/// section, a named cell type, or an item of a list with the field at fault.
///
/// The scenario format maps a site to the place in the file that wrote it
/// (`ScenarioFormat`); the model knows nothing of files or keys.
public enum BiologySite: Sendable, Hashable, CustomStringConvertible {
    /// The scenario as a whole.
    case scenario
    /// The list of tissues.
    case tissues
    /// The cell types as a whole (their shares).
    case cellTypes
    /// One entry of the cell type with this name.
    case cellType(String, CellTypeEntry)
    /// A field of the founder's carried cells at this index.
    case carried(Int, Field)
    /// A field of the pregnancy at this index.
    case pregnancy(Int, Field)
    /// A field of the immune factor at this index.
    case immunity(Int, Field)
    /// A field of the event at this index.
    case event(Int, Field)
    /// A field of the assay at this index.
    case assay(Int, Field)

    /// A per-tissue or per-type entry of a cell type.
    public enum CellTypeEntry: Sendable, Hashable {
        /// Homing from blood into this tissue.
        case homing(String)
        /// Kinetics inside this tissue.
        case tissue(String)
        /// Differentiation into this cell type.
        case differentiation(String)
        /// The tissue of the type's niche.
        case nicheTissue
    }

    /// A field of an item of the family: a person it names, a time, or what it moves.
    public enum Field: Sendable, Hashable {
        case host, origin, donor, donorSex, mother, child, twinChild, start, cellType, compartment, tissue, sample
        /// An assay's cell types, its efficiency and its limit of detection.
        case cellTypes, efficiency, limitOfDetection
        /// A transfusion's blood product; a pregnancy's fetal demise; the co-twin's vanishing.
        case product, demise, twinVanished
        /// The cells given of this cell type.
        case cells(String)
    }

    /// The site as the model names it, e.g. `pregnancy[1].start` or
    /// `cellType[progenitor].homing[heart]`.
    public var description: String {
        switch self {
        case .scenario: "scenario"
        case .tissues: "tissues"
        case .cellTypes: "cellTypes"
        case .cellType(let name, let entry): "cellType[\(name)].\(entry)"
        case .carried(let i, let field): "carried[\(i)].\(field)"
        case .pregnancy(let i, let field): "pregnancy[\(i)].\(field)"
        case .immunity(let i, let field): "immunity[\(i)].\(field)"
        case .event(let i, let field): "event[\(i)].\(field)"
        case .assay(let i, let field): "assay[\(i)].\(field)"
        }
    }
}
