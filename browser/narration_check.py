"""Reads the percentages of the page's narration and finds each in summary.csv.

The narration is the sentences `microchimera demo` tells (DemoNarration in
MicrochimeraKit): each probability it gives is `p_present` of one row of
summary.csv at one checkpoint (1, 5, 10, 20, 30 or 50 years after the series'
reference time). `claims(sentences, rows)` parses the sentences whose row it
can name without guessing:

- "Son's cells in mother peak at year ..." names the series of the sentences
  after it (host `mother`, origin `son`);
- "By year 10 after delivery, the probability that a mother still carries them
  is 100% in blood and liver; 58% in brain." gives (mother, son, all, blood),
  (mother, son, all, liver) and (mother, son, all, brain) at 10 years;
- "In blood at year 10, by cell type: progenitor cells with probability 100%
  and mature cells with probability 27%." gives (mother, son, progenitor, blood)
  and (mother, son, mature, blood) at 10 years;
- "At year 30 after delivery, son's cells in mother remain somewhere in the
  body with probability 100%." gives (mother, son, all, total) at 30 years.

`agrees(shown, p)` says whether a shown percentage is an honest rounding of
`p`: "N%" when 100 p lies within N +- 0.5, ">99%" when 0.99 < p < 1, "<1%" when
0 < p < 0.01. Standard library only.
"""

import re

CHECKPOINTS = (1, 5, 10, 20, 30, 50)
PERCENT = r"(<1%|>99%|\d{1,3}%)"


class NarrationError(Exception):
    """A sentence names a series or checkpoint that summary.csv does not have."""


def readable(name):
    return name.replace("_", " ")


def agrees(shown, p):
    """Whether the percentage text `shown` is a rounding of probability `p` (see the module's doc)."""
    if shown == "<1%":
        return 0 < p < 0.01
    if shown == ">99%":
        return 0.99 < p < 1
    n = int(shown[:-1])
    return abs(100 * p - n) <= 0.5 + 1e-9


def claims(sentences, rows):
    """[(sentence, shown, row, years, p)] for every percentage the sentences give; raises NarrationError."""
    hosts = {r["host"] for r in rows}
    origins = {r["origin"] for r in rows}

    def series(text):
        m = re.fullmatch(r"(.+)'s cells in (.+)", text.strip(), re.IGNORECASE)
        if not m:
            return None
        origin = [o for o in origins if readable(o).lower() == m.group(1).lower()]
        host = [h for h in hosts if readable(h).lower() == m.group(2).lower()]
        if len(origin) != 1 or len(host) != 1:
            raise NarrationError(f"'{text}' names no single host and origin of summary.csv "
                                 f"(hosts {sorted(hosts)}, origins {sorted(origins)})")
        return host[0], origin[0]

    def row(host, origin, cell_type, compartment, sentence):
        wanted = {cell_type} if cell_type != "all" else {"all", ""}
        found = [r for r in rows if r["host"] == host and r["origin"] == origin and r["cell_type"] in wanted
                 and (r["compartment"] == compartment or readable(r["compartment"]) == compartment)]
        if len(found) != 1:
            raise NarrationError(f"'{sentence}': {len(found)} rows of summary.csv for host {host}, origin {origin}, "
                                 f"cell type {cell_type}, compartment {compartment} (expected 1)")
        return found[0]

    def value(r, years, sentence):
        if years not in CHECKPOINTS:
            raise NarrationError(f"'{sentence}': year {years} is not a checkpoint of summary.csv {CHECKPOINTS}")
        cell = r[f"p_present_{years}y"]
        if cell == "":
            raise NarrationError(f"'{sentence}': p_present_{years}y is empty in summary.csv (beyond the horizon)")
        return float(cell)

    def items(text):
        return [x.strip() for x in re.split(r", | and ", text) if x.strip()]

    out = []
    head = None
    for s in sentences:
        s = " ".join(s.split())
        m = re.match(r"(.+?) peak at year ", s)
        if m:
            head = series(m.group(1))
            continue
        m = re.match(r"By year (\d+) after .*?, the probability that an? .+? still carries them is (.+)\.$", s)
        if m and head:
            years = int(m.group(1))
            for group in m.group(2).split("; "):
                g = re.fullmatch(PERCENT + r" in (.+)", group)
                if not g:
                    raise NarrationError(f"'{s}': cannot read '{group}' as 'P% in COMPARTMENTS'")
                for compartment in items(g.group(2)):
                    r = row(*head, "all", compartment, s)
                    out.append((s, g.group(1), r, years, value(r, years, s)))
            continue
        m = re.match(r"In blood at year (\d+), by cell type: (.+)\.$", s)
        if m and head:
            years = int(m.group(1))
            parts = re.findall(r"([A-Za-z0-9 _]+?) cells with probability " + PERCENT, m.group(2))
            if not parts:
                raise NarrationError(f"'{s}': no 'TYPE cells with probability P%' in it")
            for cell_type, shown in parts:
                cell_type = cell_type.strip()
                if cell_type.startswith("and "):
                    cell_type = cell_type[4:]
                r = row(head[0], head[1], cell_type.replace(" ", "_"), "blood", s)
                out.append((s, shown, r, years, value(r, years, s)))
            continue
        m = re.match(r"At year (\d+) after .*?, ([^,]+'s cells in [^,]+) remain somewhere in the body with probability "
                     + PERCENT + r"\.$", s)
        if m:
            years = int(m.group(1))
            host, origin = series(m.group(2))
            r = row(host, origin, "all", "total", s)
            out.append((s, m.group(3), r, years, value(r, years, s)))
    return out
