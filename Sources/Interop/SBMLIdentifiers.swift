/// The SBML ids of one export: readable, valid SIds, distinct, and unable to
/// collide across kinds.
///
/// Every id starts with a prefix that says its kind, and no two kinds share
/// one: `s_` species, `c_` SBML compartments (hosts), `k_` per-cell rate
/// constants, `u_` inflow rates, `r_` reactions, `e_` events; the unit
/// definitions are `day`, `per_day` and `item_per_day`. A name becomes a
/// *token* by keeping ASCII letters and digits and turning every other run of
/// characters into one `_` (trimmed at both ends; `x` when nothing is left),
/// so a token never holds `__`. A species id joins the tokens of its parts
/// (host, origin, cell type, compartment; or the one network name) with
/// `__`; every species of a model has the same number of parts, so the
/// reaction ids built from species ids with `__` separators
/// (`r_transfer__A__to__B`) decode uniquely. Two species whose tokens agree
/// (`a-b` and `a_b`) are told apart by a suffix `_2`, `_3`, … on the later
/// one, in compartment order. Complexity O(total length of the names).
public struct SBMLIdentifiers: Sendable {
    /// `species[i]` is the id of network compartment `i`, without its `s_` prefix.
    public let speciesTails: [String]
    /// SBML compartment id for each host (or the one `c_network`), in order of first appearance.
    public let hostCompartments: [(host: String, id: String)]


    /// The ids of `labels` (one per network compartment).
    public init(labels: [SBMLSource.Label]) {
        var used: Set<String> = []
        var tails: [String] = []
        for label in labels {
            let base = label.parts.map(Self.token).joined(separator: "__")
            tails.append(Self.distinct(base, used: &used))
        }
        speciesTails = tails
        var hosts: [(String, String)] = []
        var hostUsed: Set<String> = []
        for label in labels {
            let host = label.host ?? ""
            guard !hosts.contains(where: { $0.0 == host }) else { continue }
            let id = label.host.map { "c_" + Self.distinct(Self.token($0), used: &hostUsed) } ?? "c_network"
            hosts.append((host, id))
        }
        hostCompartments = hosts
    }

    /// `name` as a token: ASCII letters and digits kept, every other run of
    /// characters one `_`, no `_` at either end, `x` when empty.
    public static func token(_ name: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for scalar in name.unicodeScalars {
            let isWord = scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
            if isWord {
                if pendingUnderscore && !out.isEmpty { out += "_" }
                pendingUnderscore = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        return out.isEmpty ? "x" : out
    }

    /// `base`, or `base_2`, `base_3`, … the first not in `used`; inserted into `used`.
    static func distinct(_ base: String, used: inout Set<String>) -> String {
        var candidate = base
        var k = 2
        while used.contains(candidate) {
            candidate = "\(base)_\(k)"
            k += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// The species id of compartment `i`.
    public func species(_ i: Int) -> String { "s_" + speciesTails[i] }

    /// The SBML compartment id of `host` (nil at the network level).
    public func compartment(host: String?) -> String {
        hostCompartments.first { $0.host == (host ?? "") }?.id ?? "c_network"
    }

    /// The reaction and rate-parameter ids of `process`.
    public func ids(of process: SBMLProcess) -> (reaction: String, parameter: String) {
        let tail: String
        switch process {
        case .transfer(let i, let j): tail = "transfer__\(speciesTails[i])__to__\(speciesTails[j])"
        case .loss(let i): tail = "loss__\(speciesTails[i])"
        case .division(let i): tail = "division__\(speciesTails[i])"
        case .inflow(let i): tail = "inflow__\(speciesTails[i])"
        }
        if case .inflow = process { return ("r_" + tail, "u_" + tail) }
        return ("r_" + tail, "k_" + tail)
    }

    /// The id of the `k`-th event (1-based, in time order).
    public static func event(_ k: Int) -> String { "e_\(k)" }
}
