#!/usr/bin/env python3
"""One table from the run directories of several sweeps (the two GPU leases of 2026-12-03).

usage: combine_runs.py RUN_DIR... -- prints, per method, AP/BWT/FWT as mean ± sample sd over the
given runs (each a directory with results.json and config.json), then one line per run.
Nothing is computed that results.json does not hold: AP, BWT and FWT are the engine's own."""
import json, statistics, sys
from collections import defaultdict
from pathlib import Path

def fmt(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return "–"
    if len(xs) == 1:
        return f"{xs[0]:.2f}"
    return f"{statistics.mean(xs):.2f} ± {statistics.stdev(xs):.2f}"

runs = []
for d in map(Path, sys.argv[1:]):
    r = json.loads((d / "results.json").read_text())
    c = json.loads((d / "config.json").read_text())
    method = c["method"] + (" (importance permuted)" if str(c.get("importance_permuted", "false")) == "true" else "")
    runs.append((method, c.get("order"), c.get("seed"), d, r))
by = defaultdict(list)
for m, o, s, d, r in runs:
    by[m].append(r)
print("| method | n | AP | BWT | FWT |")
print("|---|---|---|---|---|")
for m, rs in by.items():
    print(f"| {m} | {len(rs)} | {fmt([r.get('ap') for r in rs])} | {fmt([r.get('bwt') for r in rs])} | {fmt([r.get('fwt') for r in rs])} |")
print()
print("| run | order | seed | AP | BWT | after the last task | right after training each |")
print("|---|---|---|---|---|---|---|")
for m, o, s, d, r in runs:
    a = r["accuracy_matrix"]
    n = len(a)
    cell = lambda x: "–" if x is None else f"{x:.1f}"  # MTL has only its last row
    last = ", ".join(cell(x) for x in a[-1])
    diag = ", ".join(cell(a[i][i]) for i in range(n)) if n == len(a[0]) else "–"
    bwt = "–" if r.get("bwt") is None else f"{r['bwt']:.1f}"
    print(f"| {m} | {o} | {s} | {r['ap']:.1f} | {bwt} | {last} | {diag} |")
