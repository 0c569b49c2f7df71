#!/usr/bin/env python3
"""Checks of the browser test's own readers on inputs with known answers (no browser, no server).

narration_check.py: the rounding rule at its edges, and the percentages of
sentences in the form `microchimera demo` tells them, on a small summary.csv
written here; a sentence naming a series summary.csv lacks is refused.
scenario_text.py: pregnancies counted in block and flow lists, with comments,
and None without a list. Run by scripts/browser-test.sh before the page test;
exit status 0 when every check holds, 1 otherwise (each failure printed).
"""

import csv
import io
import sys

from narration_check import NarrationError, agrees, claims
from scenario_text import count_pregnancies

SUMMARY = """host,origin,cell_type,compartment,p_present_1y,p_present_5y,p_present_10y,p_present_20y,p_present_30y,p_present_50y
mother,lost_son,all,blood,1.0,0.9,0.61,0.2,0.1,
mother,lost_son,all,bone_marrow,1.0,1.0,0.9999,0.99,0.98,
mother,lost_son,progenitor,blood,1.0,0.9,0.274,0.1,0.05,
mother,lost_son,mature,blood,0.5,0.01,0.004,0.0,0.0,
mother,lost_son,all,total,1.0,1.0,1.0,0.999,0.997,
"""

SENTENCES = [
    "Lost son's cells in mother peak at year 0.23 with 1,228 cells on average, most of them in blood.",
    "By year 10 after the miscarriage, the probability that a mother still carries them is >99% in bone marrow; 61% in blood.",
    "In blood at year 10, by cell type: progenitor cells with probability 27% and mature cells with probability <1%.",
    "At year 30 after the miscarriage, lost son's cells in mother remain somewhere in the body with probability >99%.",
]


def main():
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    # The rounding rule: N% within +-0.5 points, ">99%" in (0.99, 1), "<1%" in (0, 0.01).
    for shown, p, expected in [("27%", 0.2743, True), ("27%", 0.2751, False), ("27%", 0.265, True), ("100%", 1.0, True),
                               ("100%", 0.994, False), (">99%", 0.995, True), (">99%", 1.0, False), ("<1%", 0.004, True),
                               ("<1%", 0.0, False), ("0%", 0.0, True), ("66%", 0.658671, True)]:
        check(agrees(shown, p) == expected, f"agrees({shown!r}, {p}) should be {expected}")

    rows = list(csv.DictReader(io.StringIO(SUMMARY)))
    found = claims(SENTENCES, rows)
    got = [(shown, r["cell_type"], r["compartment"], years, p) for _, shown, r, years, p in found]
    want = [(">99%", "all", "bone_marrow", 10, 0.9999), ("61%", "all", "blood", 10, 0.61),
            ("27%", "progenitor", "blood", 10, 0.274), ("<1%", "mature", "blood", 10, 0.004),
            (">99%", "all", "total", 30, 0.997)]
    check(got == want, f"claims gave {got}, expected {want}")
    check(all(agrees(s, p) for s, _, _, _, p in got), "every claim of the example should agree")
    try:
        claims(["At year 10 after delivery, daughter's cells in mother remain somewhere in the body with probability 5%."], rows)
        failures.append("a sentence about a series summary.csv lacks (daughter) was accepted")
    except NarrationError:
        pass
    try:
        claims([SENTENCES[0], "By year 50 after the miscarriage, the probability that a mother still carries them is 5% in blood."],
               rows)
        failures.append("a checkpoint with an empty cell (50 years) was accepted")
    except NarrationError:
        pass

    block = "name: x\npregnancies:\n  - child: son\n    sex: male\n  # a comment\n  - child: d\n    sex: female\nassays: []\n"
    flow = "pregnancies:\n- { child: a }\n- { child: b }\n- { child: c }\nhorizon: 1 year\n"
    for text, expected in [(block, 2), (flow, 3), ("horizon: 1 year\n", None), ("pregnancies: # none yet\nhorizon: 2 years\n", 0)]:
        check(count_pregnancies(text) == expected, f"count_pregnancies({text!r}) = {count_pregnancies(text)}, expected {expected}")

    for f in failures:
        print(f"FAIL helpers: {f}", file=sys.stderr)
    print(f"helpers: {'all' if not failures else len(failures)} {'checks hold' if not failures else 'checks failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
