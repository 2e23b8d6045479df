#!/usr/bin/env bash
# Issue 11, GPU: choose the BERT-base recipe and label_loss on rows held apart from training.
# The tuning split is made from the TRAIN split only (per task 700 rows to fit, 300 to score,
# seeded), so nothing here touches the dev split that results are reported on.
#   X=/tmp/gpurun-x OUT=... native/bench/engine/fidelity-tune.sh
# expects $X/tasl-gpu/run.sh (bundle with this branch's tasl-core.jar), $X/bert-base (the
# converted bert-base-uncased folder, any name: the recipe is read from its config.json) and
# $X/data/long-sequence/{train,dev}. Prints one line per (config, task) with both eval modes
# (TASL_EVAL_BOTH=1 scores the same weights in rank and generate mode) into $OUT/tune.txt.
set -u
X=${X:-/tmp/gpurun-x}; OUT=${OUT:-/tmp/fidelity-out}; mkdir -p "$OUT"
python3 - "$X/data/long-sequence/train" "$X/tune/long-sequence" <<'PY'
import gzip, json, os, random, sys
src, dst = sys.argv[1], sys.argv[2]
for t in ["dbpedia", "amazon", "yahoo", "agnews"]:
    rows = json.load(gzip.open(f"{src}/{t}.json.gz", "rt"))
    idx = list(range(len(rows))); random.Random(7).shuffle(idx)
    held, fit = [rows[i] for i in idx[:300]], [rows[i] for i in sorted(idx[300:])]
    for split, data in (("train", fit), ("dev", held)):
        os.makedirs(f"{dst}/{split}", exist_ok=True)
        json.dump(data, gzip.open(f"{dst}/{split}/{t}.json.gz", "wt"))
PY
export TASL_EVAL_BOTH=1 TASL_JAVA_OPTS="${TASL_JAVA_OPTS:--Xmx16g}"
one() { # name method extra-key=value...
  local name=$1 method=$2; shift 2
  "$X/tasl-gpu/run.sh" org.tasl.run.RunMain method=$method backbone="$X/bert-base" benchmark=long-sequence \
    order=4 data_dir="$X/tune" train_per_task=0 eval_per_task=0 batch_size=16 eval_batch_size=64 device=gpu \
    seed=42 out="$X/runs/$name" progress_every=1000 "$@" > "$OUT/log-$name.txt" 2>&1
  grep '^eval-both' "$OUT/log-$name.txt" | sed "s/^/$name /" | cut -c1-160 | tee -a "$OUT/tune.txt"
  grep '"type":"result"' "$OUT/log-$name.txt" | grep -o '"ap":[^,]*,"bwt":[^,]*' | sed "s/^/$name /" | tee -a "$OUT/tune.txt"
}
for loss in vocab labels; do
  for lr in 5e-4 1e-3 2e-3; do one pertask-$loss-$lr pertask label_loss=$loss lr=$lr; done
done
for lr in 5e-4 1e-3 2e-3; do one olora-$lr olora lr=$lr; done   # 1e-3 constant is O-LoRA's published setting
one seqlora-1e-3 seqlora; one tasl-1e-3 tasl
