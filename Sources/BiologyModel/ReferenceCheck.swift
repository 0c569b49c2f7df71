/// The reference checks of one scenario while they run: the names it
/// declares, the people met so far, and the problems found.
///
/// Each section has its own method (`cellTypesAndTissues` here, the family in
/// `+Family`, immunity and events in `+Events`, assays in `+Assays`); the
/// family sections fill `people`, which the later sections read, so
/// `BiologyCompiler.referenceProblems` runs them in that order.
struct ReferenceCheck {
    /// A member of the family or a carried origin: sex and day of birth
    /// (`nil`: not born alive, or born before the scenario without a known day).
    typealias Person = (sex: Sex, born: Double?)

    let s: BiologyScenario
    /// Blood, then the tissues.
    let compartmentNames: [String]
    let typeNames: [String]
    let founder: String
    /// The founder and every live-born child, who can carry cells.
    let hosts: [String]
    /// Everyone named so far, with sex and day of birth.
    var people: [String: Person]
    /// Names of the conceptuses, filled by `children()`.
    var childNames: Set<String> = []
    private(set) var problems: [BiologyProblem] = []

    init(_ s: BiologyScenario) {
        self.s = s
        compartmentNames = BiologyCompiler.compartments(s)
        typeNames = s.cellTypes.map(\.name)
        founder = s.founder.name
        hosts = [s.founder.name] + s.pregnancies.flatMap { $0.born.map(\.name) }
        people = [s.founder.name: (.female, -s.founder.ageAtStart)]
    }

    mutating func report(_ site: BiologySite, _ message: BiologyMessage) { problems.append(BiologyProblem(site, message)) }

    /// The message for a name that is not among `names`.
    static func unknown(_ name: String, among names: [String], noun: String) -> BiologyMessage {
        "'\(name)' is not a \(noun); expected one of \(names.joined(separator: ", "))"
    }

    /// The message for a tissue the scenario does not have.
    func unknownTissue(_ name: String) -> BiologyMessage { Self.unknown(name, among: s.tissues, noun: "tissue of this scenario") }

    /// Tissues distinct and not blood; every cell type's tissues and
    /// differentiation targets known; shares summing to 1.
    mutating func cellTypesAndTissues() {
        if Set(s.tissues).count != s.tissues.count { report(.tissues, "tissue names must be distinct") }
        if s.tissues.contains(BiologyDefaults.blood) { report(.tissues, "'blood' is every host's own compartment; list only tissues") }
        for type in s.cellTypes {
            for tissue in type.homing.keys.sorted() where !s.tissues.contains(tissue) {
                report(.cellType(type.name, .homing(tissue)), unknownTissue(tissue))
            }
            for tissue in type.tissue.keys.sorted() where !s.tissues.contains(tissue) {
                report(.cellType(type.name, .tissue(tissue)), unknownTissue(tissue))
            }
            for d in type.differentiation where !typeNames.contains(d.into) || d.into == type.name {
                report(.cellType(type.name, .differentiation(d.into)), d.into == type.name
                       ? "a type cannot differentiate into itself" : Self.unknown(d.into, among: typeNames, noun: "cell type"))
            }
        }
        for type in s.cellTypes {
            guard let niche = type.niche else { continue }
            if !s.tissues.contains(niche.tissue) { report(.cellType(type.name, .nicheTissue), unknownTissue(niche.tissue)) }
        }
        let shareSum = s.cellTypes.reduce(0) { $0 + $1.share }
        if !s.cellTypes.isEmpty && abs(shareSum - 1) > 1e-9 {
            report(.cellTypes, "the shares of the cell types must sum to 1, they sum to \(shareSum)")
        }
    }

    /// Whether `name` is a source of cells: a family member, a carried origin or a donor.
    func isOrigin(_ name: String) -> Bool {
        people[name] != nil || s.events.contains { if case .transfusion(let t) = $0 { t.donor == name } else { false } }
    }

    /// Reports at `site` a host that is not the founder or a live-born child,
    /// or that is not conceived yet at `time`.
    mutating func checkHost(_ host: String, _ site: BiologySite, at time: Double? = nil) {
        guard hosts.contains(host) else {
            report(site, Self.unknown(host, among: hosts, noun: "host (the founder or a live-born child)"))
            return
        }
        let conception = s.pregnancies.first { $0.children.contains { $0.name == host } }?.start ?? 0
        if let time, time < conception { report(site, "'\(host)' is not conceived yet at day \(time)") }
    }
}
