#!/usr/bin/env python3
"""Check the binomial 95% intervals of mcplot against exact answers and a prevalence.csv.

- Clopper-Pearson at k = 0 and k = n has a closed form: the upper bound for
  k = 0 is 1 - (alpha/2)^(1/n) and the lower bound for k = n is (alpha/2)^(1/n);
  checked for n = 1..50, 100, 200 and 1000 to 1e-9.
- At every other k, the bounds must solve their defining equations: the binomial
  tail at the bound equals alpha/2 (to 1e-9), and the interval must contain k/n.
- Wilson intervals computed here from `detected` and `samples` must equal the
  file's `ci95_low`/`ci95_high` (written by the Swift code) to 1e-12: two
  independent implementations of one formula.

Usage: python3 plots/check_intervals.py [PREVALENCE_CSV]. Exit status 1 on any
failure, with the case that failed.
"""

from __future__ import annotations

import sys

import mcplot as mc

ALPHA = 0.05


def main() -> int:
    problems = []
    checked = 0
    for n in [*range(1, 51), 100, 200, 1000]:
        lo, hi = mc.clopper_pearson_interval(0, n)
        if lo != 0 or abs(hi - (1 - (ALPHA / 2) ** (1 / n))) > 1e-9:
            problems.append(f"Clopper-Pearson 0/{n}: got ({lo}, {hi})")
        lo, hi = mc.clopper_pearson_interval(n, n)
        if hi != 1 or abs(lo - (ALPHA / 2) ** (1 / n)) > 1e-9:
            problems.append(f"Clopper-Pearson {n}/{n}: got ({lo}, {hi})")
        checked += 2
    for n, ks in ((5, range(1, 5)), (20, range(1, 20)), (57, range(1, 57)), (300, (1, 7, 150, 299))):
        for k in ks:
            lo, hi = mc.clopper_pearson_interval(k, n)
            upper_tail = 1 - mc._binomial_cdf(k - 1, n, lo)   # P(X >= k | lo)
            lower_tail = mc._binomial_cdf(k, n, hi)           # P(X <= k | hi)
            if abs(upper_tail - ALPHA / 2) > 1e-9 or abs(lower_tail - ALPHA / 2) > 1e-9 or not lo < k / n < hi:
                problems.append(f"Clopper-Pearson {k}/{n}: ({lo}, {hi}), tails {upper_tail}, {lower_tail}")
            checked += 1
    if len(sys.argv) > 1:
        prev = mc.read_csv(sys.argv[1], ["samples", "detected", "ci95_low", "ci95_high"])
        for i, row in prev.iterrows():
            lo, hi = mc.wilson_interval(int(row["detected"]), int(row["samples"]))
            if abs(lo - row["ci95_low"]) > 1e-12 or abs(hi - row["ci95_high"]) > 1e-12:
                problems.append(f"{sys.argv[1]} row {i + 2}: Wilson ({lo}, {hi}) but the file has "
                                f"({row['ci95_low']}, {row['ci95_high']})")
            checked += 1
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        return 1
    print(f"{checked} intervals agree (Clopper-Pearson closed forms and tails, Wilson against the file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
