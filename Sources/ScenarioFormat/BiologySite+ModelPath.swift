import BiologyModel

/// The keys of the biology-level format that write each `BiologySite`.
extension BiologySite {
    /// The path of the value this site names, as the document writes it.
    /// An event's field is given without the event's kind
    /// (`events[2].host`); `YAMLNode.locate` finds it inside the kind.
    var modelPath: ModelPath {
        let root = ModelPath()
        switch self {
        case .scenario: return root
        case .tissues: return root.key("tissues")
        case .cellTypes: return root.key("cell_types")
        case .cellType(let name, let entry):
            let type = root.key("cell_types").key(name)
            switch entry {
            case .homing(let tissue): return type.key("homing").key(tissue)
            case .tissue(let tissue): return type.key("tissues").key(tissue)
            case .differentiation(let into): return type.key("differentiation").key(into)
            case .nicheTissue: return type.key("niche").key("tissue")
            }
        case .carried(let i, let field): return Self.path(of: field, in: root.key("mother").key("carries").index(i))
        case .pregnancy(let i, let field): return Self.path(of: field, in: root.key("pregnancies").index(i))
        case .immunity(let i, let field): return Self.path(of: field, in: root.key("immunity").index(i))
        case .event(let i, .compartment): return root.key("events").index(i).key("into")
        case .event(let i, let field): return Self.path(of: field, in: root.key("events").index(i))
        case .assay(let i, .origin): return root.key("assays").index(i).key("marker").key("hla")
        case .assay(let i, let field): return Self.path(of: field, in: root.key("assays").index(i))
        }
    }

    /// The key of `field` in a list item at `item`, where the items that
    /// have the field all name it alike.
    private static func path(of field: Field, in item: ModelPath) -> ModelPath {
        switch field {
        case .host: item.key("host")
        case .origin: item.key("origin")
        case .donor: item.key("donor")
        case .donorSex: item.key("sex")
        case .mother: item.key("mother")
        case .child: item.key("child")
        case .twinChild: item.key("twin").key("child")
        case .start: item.key("start")
        case .cellType: item.key("cell_type")
        case .compartment: item.key("compartment")
        case .tissue: item.key("tissue")
        case .sample: item.key("sample")
        case .cellTypes: item.key("cell_types")
        case .efficiency: item.key("efficiency")
        case .limitOfDetection: item.key("limit_of_detection")
        case .product: item.key("product")
        case .demise: item.key("demise")
        case .twinVanished: item.key("twin").key("vanished")
        case .cells(let type): item.key("cells").key(type)
        }
    }
}
