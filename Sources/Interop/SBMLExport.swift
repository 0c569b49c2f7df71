import RateModel

/// Writes a compiled network as an SBML Level 3 Version 2 document: a pure
/// function of an `SBMLSource`, the same bytes for the same input.
///
/// The mapping (docs/interop.md has the table):
/// - each network compartment is a species (amounts, `hasOnlySubstanceUnits`,
///   unit `item`) inside one SBML compartment per host (or `c_network`), with
///   its initial cells plus any bolus at time 0 as `initialAmount` (paths are
///   right-continuous, so the state at 0 already holds it);
/// - each process with a positive rate in some epoch is one irreversible
///   mass-action reaction with its rate as a parameter: transfer `X_i -> X_j`
///   and loss `X_i -> ∅` at `k·X_i`, division `X_i -> 2 X_i` at `k·X_i`,
///   inflow `∅ -> X_i` at `u` (zero order); entries for the same pair are
///   summed as `RateSet` sums them;
/// - the `EpochSchedule`'s first epoch gives the parameters' values; every
///   later epoch start and every bolus time after 0 is one event
///   (`time >= t`, persistent, values from the trigger time) that sets the
///   parameters that change there to the new epoch's values and adds the
///   bolus cells, so rates are right-continuous step functions as in the engines;
/// - time is in days (`day` = 86,400 s), substance and extent in `item`.
///
/// For these linear networks the SBML ODE interpretation is the exact mean
/// `E[X(t)]`, and the stochastic (Gillespie) interpretation is the network's
/// Markov chain itself. Complexity O(E·n² + size of the output) for E epochs
/// and n compartments.
public enum SBMLExport {
    /// The SBML Level 3 Version 2 core namespace.
    public static let sbmlNamespace = "http://www.sbml.org/sbml/level3/version2/core"
    /// The namespace of Microchimera's annotations (`mc:`).
    public static let annotationNamespace = "urn:microchimera:sbml:1"
    static let mathNamespace = "http://www.w3.org/1998/Math/MathML"
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"

    /// The SBML text of `source`, or why it cannot be written.
    public static func document(_ source: SBMLSource) throws(SBMLExportError) -> String {
        let model = source.model
        guard model.count > 0 else {
            throw .empty("the network has no compartments, so its SBML model would hold nothing")
        }
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .inconsistent(problems) }
        guard source.labels.count == model.count else { throw .labels(expected: model.count, got: source.labels.count) }

        let schedule = EpochSchedule(model: model)
        let ids = SBMLIdentifiers(labels: source.labels)
        let processes = SBMLProcess.active(in: schedule, count: model.count)
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<sbml xmlns=\"\(sbmlNamespace)\" level=\"3\" version=\"2\">\n"
        x += "  <model id=\"microchimera\" name=\"\(XMLText.escape(model.name))\" substanceUnits=\"item\" timeUnits=\"day\" "
            + "volumeUnits=\"litre\" extentUnits=\"item\">\n"
        x += notes(source, schedule: schedule)
        x += modelAnnotation(source)
        x += unitDefinitions
        x += compartments(ids, labels: source.labels)
        x += species(source, ids: ids, schedule: schedule)
        x += parameters(processes, ids: ids, schedule: schedule, model: model)
        x += reactions(processes, ids: ids, model: model)
        x += events(SBMLEvent.all(schedule: schedule, processes: processes), ids: ids)
        x += "  </model>\n</sbml>\n"
        return x
    }

    /// `day`, `per_day` and `item_per_day`.
    static let unitDefinitions = """
            <listOfUnitDefinitions>
              <unitDefinition id="day" name="day (86400 s)">
                <listOfUnits>
                  <unit kind="second" exponent="1" scale="0" multiplier="86400"/>
                </listOfUnits>
              </unitDefinition>
              <unitDefinition id="per_day" name="per cell per day">
                <listOfUnits>
                  <unit kind="second" exponent="-1" scale="0" multiplier="86400"/>
                </listOfUnits>
              </unitDefinition>
              <unitDefinition id="item_per_day" name="cells per day">
                <listOfUnits>
                  <unit kind="item" exponent="1" scale="0" multiplier="1"/>
                  <unit kind="second" exponent="-1" scale="0" multiplier="86400"/>
                </listOfUnits>
              </unitDefinition>
            </listOfUnitDefinitions>

        """

    /// One SBML compartment per host (size 1 litre, nominal: every species is in amounts).
    static func compartments(_ ids: SBMLIdentifiers, labels: [SBMLSource.Label]) -> String {
        var x = "    <listOfCompartments>\n"
        for (host, id) in ids.hostCompartments {
            let name = host.isEmpty ? "network" : host
            x += "      <compartment id=\"\(id)\" name=\"\(XMLText.escape(name))\" spatialDimensions=\"3\" size=\"1\" units=\"litre\" "
                + "constant=\"true\">\n"
            x += "        <annotation>\n"
            x += host.isEmpty
                ? "          <mc:network xmlns:mc=\"\(annotationNamespace)\"/>\n"
                : "          <mc:host xmlns:mc=\"\(annotationNamespace)\" name=\"\(XMLText.escape(host))\"/>\n"
            x += "        </annotation>\n      </compartment>\n"
        }
        return x + "    </listOfCompartments>\n"
    }

    /// One species per network compartment, with its initial cells (and any bolus at time 0).
    static func species(_ source: SBMLSource, ids: SBMLIdentifiers, schedule: EpochSchedule) -> String {
        var initial = source.model.compartments.map { Double($0.initial) }
        if let first = schedule.bolusGroups.first, first.time == 0 {
            for a in first.additions { initial[a.compartment] += Double(a.cells) }
        }
        var x = "    <listOfSpecies>\n"
        for (i, label) in source.labels.enumerated() {
            x += "      <species id=\"\(ids.species(i))\" name=\"\(XMLText.escape(source.model.compartments[i].name))\" "
                + "compartment=\"\(ids.compartment(host: label.host))\" initialAmount=\"\(XMLText.number(initial[i]))\" "
                + "substanceUnits=\"item\" hasOnlySubstanceUnits=\"true\" boundaryCondition=\"false\" constant=\"false\">\n"
            x += "        <annotation>\n          <mc:population xmlns:mc=\"\(annotationNamespace)\" index=\"\(i)\""
            if let host = label.host { x += " host=\"\(XMLText.escape(host))\"" }
            if let origin = label.origin { x += " origin=\"\(XMLText.escape(origin))\"" }
            if let cellType = label.cellType { x += " cellType=\"\(XMLText.escape(cellType))\"" }
            x += " compartment=\"\(XMLText.escape(label.compartment))\"/>\n        </annotation>\n      </species>\n"
        }
        return x + "    </listOfSpecies>\n"
    }

    /// A reader's name for `process`, from the compartments' names.
    static func describe(_ process: SBMLProcess, model: NetworkModel) -> String {
        let name = { (i: Int) in model.compartments[i].name }
        switch process {
        case .transfer(let i, let j): return "transfer \(name(i)) -> \(name(j))"
        case .loss(let i): return "loss from \(name(i))"
        case .division(let i): return "division in \(name(i))"
        case .inflow(let i): return "inflow into \(name(i))"
        }
    }
}
