#!/usr/bin/env bash
# The issue's proof through the CLI against the local Slurm (tiny random BERT, built-in stream).
set -u
T=/work/wt/sweep/tasl
GRID=(--methods tasl,seqlora --seeds 1,2 --backbone /tmp/sweep-proof/tiny --benchmark builtin
      --tasks sentiment,negation,parity --train-per-task 16 --eval-per-task 8 --batch-size 4 --lr 0.01
      --warmup-steps 1 --epochs 12 --max-input-tokens 48 --device cpu)
cd /tmp/proof
echo "== submit"; $T sweep "${GRID[@]}" --executor slurm --out /tmp/proof/slurm
JOB=$(python3 -c 'import json;print(json.load(open("/tmp/proof/slurm/sweep.json"))["jobs"][0]["id"])')
echo "== job array $JOB:"; squeue -r -o '%i %T %j'
until grep -q '"type":"task_completed"' slurm/runs/tasl_seed1/events.jsonl 2>/dev/null; do sleep 0.05; done
echo "== scancel ${JOB}_0 (tasl_seed1 finished its first task)"; scancel ${JOB}_0
sleep 2; echo "== status right after"; $T sweep --status /tmp/proof/slurm
while squeue -h -j $JOB 2>/dev/null | grep -q .; do sleep 2; done
echo "== status after the array"; $T sweep --status /tmp/proof/slurm
echo "== resume"; $T sweep --resume /tmp/proof/slurm --wait --poll 2
echo "== local, 2 processes"; $T sweep "${GRID[@]}" --executor local --parallel 2 --out /tmp/proof/local
echo "== per-cell comparison"
python3 - <<'PY'
import json
for c in ["tasl_seed1","tasl_seed2","seqlora_seed1","seqlora_seed2"]:
    s=json.load(open(f"/tmp/proof/slurm/runs/{c}/results.json")); l=json.load(open(f"/tmp/proof/local/runs/{c}/results.json"))
    same = all(s[k]==l[k] for k in ["accuracy_matrix","ap","bwt","fwt","fwt_raw","baseline_scores"])
    print(c, "slurm", s["status"], "AP", s["ap"], "BWT", s["bwt"], "| local", l["status"], "AP", l["ap"], "BWT", l["bwt"], "| identical:", same)
print(json.dumps(json.load(open("/tmp/proof/slurm/summary.json"))["methods"], indent=1))
PY
grep -h '"resumed"' -o /tmp/proof/slurm/runs/tasl_seed1/events.jsonl | head -0
python3 -c 'import json
ev=[json.loads(l) for l in open("/tmp/proof/slurm/runs/tasl_seed1/events.jsonl")]
print([(e["type"],e.get("resumed"),e.get("status")) for e in ev if e["type"] in ("run_started","run_finished")])
print("task_completed:",[e["task"] for e in ev if e["type"]=="task_completed"])'
