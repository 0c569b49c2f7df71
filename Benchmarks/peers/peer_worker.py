"""Runs one peer on the reference model in this process and writes what it measured.

Usage: peer_worker.py TOOL METHOD MODEL.yaml TRAJECTORIES SEED OUT.json

TOOL METHOD is one of: copasi direct, gillespy2 ssa-c, gillespy2 tau-leaping-c,
gillespy2 tau-hybrid-c, roadrunner gillespie. The model is built in the peer's own
format (COPASI: a basico model with mass-action reactions in particle numbers;
GillesPy2: a Model of discrete species; libRoadRunner: SBML). Setup (building,
compiling, loading) is not timed; only the calls that simulate trajectories are,
with time.perf_counter. OUT.json gets the seconds, the peer's version, and the mean
count of every species and of their total at every output time. peers.py runs each
peer in its own process, so a crash or a hang of one becomes an error row.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import metadata
from pathlib import Path

import numpy as np

import refmodel


class Sums:
    """Running sums of the counts (time x species) over trajectories."""

    def __init__(self, model: refmodel.RefModel):
        self.model = model
        self.total = np.zeros((model.output_count, len(model.species)))
        self.n = 0

    def add(self, times, counts) -> None:
        """Adds one trajectory: `times` (days) and `counts` (time x species, model order)."""
        times = np.asarray(times, dtype=float)
        expected = np.asarray(self.model.output_times)
        # Relative 1e-5: GillesPy2 prints its times with 6 significant digits (10957.5 for 10957.45).
        if times.shape != expected.shape or np.any(np.abs(times - expected) > 1e-5 * np.maximum(expected, 1.0)):
            raise RuntimeError(f"output times {times[:3]}...{times[-1:]} (n={times.size}) are not the model's "
                               f"{expected[:3]}...{expected[-1:]} (n={expected.size})")
        self.total += np.asarray(counts, dtype=float)
        self.n += 1

    def means(self) -> dict[str, list[float]]:
        m = self.total / self.n
        out = {name: m[:, j].tolist() for j, name in enumerate(self.model.names)}
        out["total"] = m.sum(axis=1).tolist()
        return out


def run_copasi(model: refmodel.RefModel, method: str, n: int, seed: int, sums: Sums) -> tuple[float, str]:
    import basico
    import COPASI

    dm = basico.new_model(name=model.name, quantity_unit="#", time_unit="d", volume_unit="l")
    for name, initial in model.species:
        basico.add_species(name, initial_concentration=float(initial), initial_particle_number=float(initial), model=dm)
    for r in model.reactions:
        products = " + ".join(f"{k} * {s}" for s, k in r.products.items())
        basico.add_reaction(r.name, f"{r.reactant} -> {products}".rstrip(),
                            function="Mass action (irreversible)", model=dm)
        basico.set_reaction_parameters(f"({r.name}).k1", value=r.rate, model=dm)
    species = basico.get_species(model=dm)
    for name, initial in model.species:
        got = species.loc[name, "initial_particle_number"]
        if abs(got - initial) > 1e-9:
            raise RuntimeError(f"COPASI model: {name} starts with {got} particles, not {initial}")
    # The Time-Course task, set up once through basico (not timed), then run n times.
    task, _ = basico.task_timecourse._setup_timecourse(
        (model.horizon, model.output_count - 1),
        {"model": dm, "method": "directmethod" if method == "direct" else method, "use_seed": True, "seed": seed})
    if task.getMethod().getObjectName() != "Stochastic (Direct method)":
        raise RuntimeError(f"COPASI method is {task.getMethod().getObjectName()!r}, not the direct method")
    seed_parameter = task.getMethod().getParameter("Random Seed")
    dm.getModel().compileIfNecessary()
    seconds = 0.0
    columns = None
    for i in range(n):
        seed_parameter.setIntValue(seed + i)
        t0 = time.perf_counter()
        if not task.initializeRaw(COPASI.CCopasiTask.OUTPUT_UI) or not task.processRaw(True):
            raise RuntimeError("COPASI Time-Course failed: " + COPASI.CCopasiMessage.getAllMessageText())
        seconds += time.perf_counter() - t0
        ts = task.getTimeSeries()
        if columns is None:
            titles = [ts.getTitle(j) for j in range(ts.getNumVariables())]
            columns = [titles.index(name) for name in model.names]
        rows = range(ts.getRecordedSteps())
        times = [ts.getData(r, 0) for r in rows]
        sums.add(times, [[ts.getData(r, j) for j in columns] for r in rows])
    return seconds, f"COPASI {COPASI.CVersion.VERSION.getVersion().split()[0]} (basico {metadata.version('copasi-basico')})"


def run_gillespy2(model: refmodel.RefModel, method: str, n: int, seed: int, sums: Sums) -> tuple[float, str]:
    import gillespy2

    g = gillespy2.Model(name=model.name.replace("-", "_"))
    g.add_species([gillespy2.Species(name=name, initial_value=initial, mode="discrete")
                   for name, initial in model.species])
    g.add_parameter([gillespy2.Parameter(name=f"k_{r.name}", expression=repr(r.rate)) for r in model.reactions])
    g.add_reaction([gillespy2.Reaction(name=r.name, reactants={r.reactant: 1}, products=dict(r.products),
                                       rate=f"k_{r.name}") for r in model.reactions])
    g.timespan(gillespy2.TimeSpan(np.array(model.output_times)))
    solvers = {"ssa-c": gillespy2.SSACSolver, "tau-leaping-c": gillespy2.TauLeapingCSolver,
               "tau-hybrid-c": gillespy2.TauHybridCSolver}
    solver = solvers[method](model=g)  # compiles the C++ simulator: setup, not timed
    t0 = time.perf_counter()
    results = solver.run(number_of_trajectories=n, seed=seed)
    seconds = time.perf_counter() - t0
    if len(results) != n:
        raise RuntimeError(f"GillesPy2 returned {len(results)} trajectories, not {n}")
    for traj in results:
        sums.add(traj["time"], np.column_stack([traj[name] for name in model.names]))
    return seconds, f"GillesPy2 {metadata.version('gillespy2')}"


def run_roadrunner(model: refmodel.RefModel, method: str, n: int, seed: int, sums: Sums) -> tuple[float, str]:
    import roadrunner

    rr = roadrunner.RoadRunner(refmodel.sbml(model))
    rr.setIntegrator(method)
    integrator = rr.getIntegrator()
    integrator.setValue("variable_step_size", False)
    rr.timeCourseSelections = ["time"] + model.names
    seconds = 0.0
    for i in range(n):
        rr.reset()
        integrator.setValue("seed", seed + i)
        t0 = time.perf_counter()
        result = rr.simulate(0.0, model.horizon, model.output_count)
        seconds += time.perf_counter() - t0
        data = np.asarray(result)
        sums.add(data[:, 0], data[:, 1:])
    return seconds, f"libRoadRunner {roadrunner.__version__}"


RUNNERS = {
    ("copasi", "direct"): run_copasi,
    ("gillespy2", "ssa-c"): run_gillespy2,
    ("gillespy2", "tau-leaping-c"): run_gillespy2,
    ("gillespy2", "tau-hybrid-c"): run_gillespy2,
    ("roadrunner", "gillespie"): run_roadrunner,
}


def main(argv: list[str]) -> int:
    if len(argv) != 7:
        print(__doc__, file=sys.stderr)
        return 2
    tool, method, model_path, n, seed, out = argv[1], argv[2], Path(argv[3]), int(argv[4]), int(argv[5]), Path(argv[6])
    runner = RUNNERS.get((tool, method))
    if runner is None:
        print(f"peer_worker: unknown peer {tool} {method}; known: {sorted(RUNNERS)}", file=sys.stderr)
        return 2
    model = refmodel.load(model_path)
    sums = Sums(model)
    seconds, version = runner(model, method, n, seed, sums)
    if sums.n != n:
        raise RuntimeError(f"{sums.n} trajectories read back, {n} requested")
    out.write_text(json.dumps({"seconds": seconds, "version": version, "trajectories": n,
                               "times_days": model.output_times, "means": sums.means()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
