"""The reference model read from a network-level Microchimera scenario, as reactions.

Reads Benchmarks/models/ref-linear-7.yaml (compartments, flows, divisions, horizon,
output.every) into first-order mass-action reactions that every peer is given in its
own format: a flow `X -> Y` at rate k is `X -> Y` with propensity k*X (`X -> 0` when
Y is `out`), a division in X at rate b is `X -> 2 X` with propensity b*X. Only the
units this model uses are accepted (rates in /day, times in days); anything else is
refused with the file and key named, so no peer silently runs a different model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


class ModelError(Exception):
    """The scenario file is not a network-level model this script can translate."""


@dataclass(frozen=True)
class Reaction:
    """A first-order mass-action reaction: `reactant -> products` at rate*reactant."""

    name: str
    reactant: str
    products: dict[str, int]  # species -> stoichiometry (empty: the cell leaves)
    rate: float  # per cell per day


@dataclass(frozen=True)
class RefModel:
    """Compartments with initial counts, reactions, horizon and output times (days)."""

    name: str
    species: list[tuple[str, int]]
    reactions: list[Reaction]
    horizon: float
    every: float

    @property
    def names(self) -> list[str]:
        return [s for s, _ in self.species]

    @property
    def output_count(self) -> int:
        """Number of output times, 0 and every `every` days up to the horizon."""
        return int(round(self.horizon / self.every)) + 1

    @property
    def output_times(self) -> list[float]:
        return [k * self.every for k in range(self.output_count)]


def _quantity(text, unit_pattern: str, where: str) -> float:
    match = re.fullmatch(r"\s*([0-9.eE+-]+)\s*" + unit_pattern + r"\s*", str(text))
    if not match:
        raise ModelError(f"{where}: expected a number with unit matching '{unit_pattern}', got {text!r}")
    return float(match.group(1))


def load(path: Path) -> RefModel:
    """Reads a network-level scenario into a RefModel, or raises ModelError."""
    try:
        doc = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise ModelError(f"{path}: cannot read: {error}") from error
    net = doc.get("network") if isinstance(doc, dict) else None
    if not isinstance(net, dict):
        raise ModelError(f"{path}: key 'network': expected a network-level model")
    species = []
    for i, c in enumerate(net.get("compartments") or []):
        species.append((str(c["name"]), int(c.get("initial", 0))))
    names = {s for s, _ in species}
    reactions = []
    for i, f in enumerate(net.get("flows") or []):
        where = f"{path}: network.flows[{i}].rate"
        source, target = str(f["from"]), str(f["to"])
        if source not in names or (target != "out" and target not in names):
            raise ModelError(f"{path}: network.flows[{i}]: unknown compartment in {source} -> {target}")
        products = {} if target == "out" else {target: 1}
        reactions.append(Reaction(f"{source}_to_{target}", source, products,
                                  _quantity(f["rate"], r"/\s*days?", where)))
    for i, d in enumerate(net.get("divisions") or []):
        where = f"{path}: network.divisions[{i}].rate"
        x = str(d["in"])
        if x not in names:
            raise ModelError(f"{path}: network.divisions[{i}]: unknown compartment {x}")
        reactions.append(Reaction(f"{x}_divides", x, {x: 2}, _quantity(d["rate"], r"/\s*days?", where)))
    horizon = _quantity(doc.get("horizon"), r"days?", f"{path}: horizon")
    every = _quantity((doc.get("output") or {}).get("every"), r"days?", f"{path}: output.every")
    if abs(horizon / every - round(horizon / every)) > 1e-9:
        raise ModelError(f"{path}: horizon {horizon} days is not a whole number of output.every ({every} days)")
    return RefModel(str(doc.get("name", path.stem)), species, reactions, horizon, every)


def sbml(model: RefModel) -> str:
    """The model as SBML Level 3 Version 2: amounts (hasOnlySubstanceUnits), volume 1, time in days."""
    sid = re.sub(r"[^A-Za-z0-9_]", "_", model.name)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">',
        f'  <model id="{sid}">',
        '    <listOfCompartments><compartment id="body" size="1" spatialDimensions="3" constant="true"/>'
        '</listOfCompartments>',
        "    <listOfSpecies>",
    ]
    for name, initial in model.species:
        lines.append(f'      <species id="{name}" compartment="body" initialAmount="{initial}" '
                     'hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>')
    lines.append("    </listOfSpecies>")
    lines.append("    <listOfParameters>")
    for r in model.reactions:
        lines.append(f'      <parameter id="k_{r.name}" value="{r.rate!r}" constant="true"/>')
    lines.append("    </listOfParameters>")
    lines.append("    <listOfReactions>")
    for r in model.reactions:
        lines.append(f'      <reaction id="{r.name}" reversible="false">')
        lines.append(f'        <listOfReactants><speciesReference species="{r.reactant}" stoichiometry="1" '
                     'constant="true"/></listOfReactants>')
        if r.products:
            refs = "".join(f'<speciesReference species="{s}" stoichiometry="{n}" constant="true"/>'
                           for s, n in r.products.items())
            lines.append(f"        <listOfProducts>{refs}</listOfProducts>")
        lines.append('        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">'
                     f"<apply><times/><ci>k_{r.name}</ci><ci>{r.reactant}</ci></apply></math></kineticLaw>")
        lines.append("      </reaction>")
    lines.append("    </listOfReactions>")
    lines.append("  </model>")
    lines.append("</sbml>")
    return "\n".join(lines) + "\n"
