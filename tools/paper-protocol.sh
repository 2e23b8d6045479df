#!/usr/bin/env bash
# The paper protocol (issue 11): every order of a benchmark, free
# decoding + exact match (protocol=paper), one run per (method, order, seed), then the mean and
# spread of AP and BWT over orders (and seeds) per method, beside the paper's numbers.
#
#   tools/paper-protocol.sh [--orders "4 5 6"] [--seeds "42"] [--methods "seqlora tasl olora mtl"]
#                           [--out runs/paper] [--runner "./tasl run"] -- [more run options]
#
#   CPU:  the runs go through `./tasl run` (or --runner "CMD", given --key value options)
#   GPU:  --runmain "$X/tasl-gpu/run.sh": the options go as key=value to org.tasl.run.RunMain, e.g.
#         tools/paper-protocol.sh --runmain "$X/tasl-gpu/run.sh" --out $X/paper -- --backbone $X/bert-base \
#           --data-dir $X/data --train-per-task 1000 --eval-per-task 500 --device gpu
# A completed run is not run again; an interrupted or failed one continues with --resume (rerun the
# script to continue). `./tasl sweep --protocol paper --orders 4,5,6 --methods seqlora,tasl,olora,mtl`
# does the same as one sweep (resumable cells, summary.json/.md with the paper's numbers beside).
# Orders 4-6 are Standard CL (the paper's orders 1-3), 1-3 Long Sequence.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
orders="4 5 6"; seeds="42"; methods="seqlora tasl olora mtl"; out="runs/paper"; runner="$ROOT/tasl run"; runmain=""
while [ $# -gt 0 ]; do
  case "$1" in
    --orders) orders="$2"; shift 2;;
    --seeds) seeds="$2"; shift 2;;
    --methods) methods="$2"; shift 2;;
    --out) out="$2"; shift 2;;
    --runner) runner="$2"; shift 2;;
    --runmain) runmain="$2"; shift 2;;
    --) shift; break;;
    -h|--help) sed -n '2,17p' "$0"; exit 0;;
    *) echo "paper-protocol: unknown argument '$1' (see --help)" >&2; exit 2;;
  esac
done
extra=("$@")
mkdir -p "$out"
for m in $methods; do
  for o in $orders; do
    for s in $seeds; do
      dir="$out/$m-o$o-s$s"
      if [ -f "$dir/results.json" ] && grep -q '"status" *: *"completed"' "$dir/results.json"; then continue; fi
      # a started run (config.json written) continues after its last completed task
      resume=(); kvresume=(); if [ -f "$dir/config.json" ]; then resume=(--resume); kvresume=(resume=true); fi
      if [ -n "$runmain" ]; then
        kv=(method="$m" order="$o" seed="$s" protocol=paper out="$dir" "${kvresume[@]}")
        for ((i = 0; i < ${#extra[@]}; i += 2)); do kv+=("$(echo "${extra[i]#--}" | tr - _)=${extra[i+1]}"); done
        "$runmain" org.tasl.run.RunMain "${kv[@]}" > "$out/$m-o$o-s$s.log" 2>&1
      else
        $runner --method "$m" --order "$o" --seed "$s" --protocol paper --out "$dir" "${resume[@]}" "${extra[@]}" \
          > "$out/$m-o$o-s$s.log" 2>&1
      fi
    done
  done
done
python3 - "$out" "$methods" "$orders" "$seeds" <<'PY'
import json, os, statistics, sys
out, methods, orders, seeds = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), sys.argv[4].split()
paper = {"seqlora": "43.7 / -50.4", "olora": "75.8 / -3.8", "tasl": "76.3 / -4.0", "mtl": "80.3 / -"}
def spread(v):  # the sample sd, as ./tasl sweep's summary
    return statistics.stdev(v) if len(v) > 1 else 0.0
print("| method | AP mean ± sd | BWT mean ± sd | runs | per order AP | paper (T5-large) AP / BWT |")
print("|---|---|---|---|---|---|")
for m in methods:
    ap, bwt, per = [], [], []
    for o in orders:
        for s in seeds:
            f = os.path.join(out, f"{m}-o{o}-s{s}", "results.json")
            if not os.path.exists(f):
                continue
            r = json.load(open(f))
            if r.get("status") != "completed":
                continue  # a failed or interrupted run's partial matrix is no result
            if r.get("ap") is not None:
                ap.append(r["ap"]); per.append(f"o{o}:{r['ap']:.1f}")
            if r.get("bwt") is not None:
                bwt.append(r["bwt"])
    fmt = lambda v: f"{statistics.mean(v):.1f} ± {spread(v):.1f}" if v else "-"
    print(f"| {m} | {fmt(ap)} | {fmt(bwt)} | {len(ap)} | {' '.join(per)} | {paper.get(m, '')} |")
PY
