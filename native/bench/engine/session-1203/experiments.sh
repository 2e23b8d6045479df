#!/usr/bin/env bash
# Everything of issues 11 and 12 that needs BERT-base on the GPU, at once on the one H200:
#  table   Standard CL orders 4,5,6 x 9 methods, paper protocol (free decoding + exact match), seed 1
#  order1  Long Sequence order 1 (15 tasks) for seqlora, tasl, olora, mtl (200 dev rows per task)
#  seeds   seeds 2 and 3 on order 4 for seqlora and tasl (seed 1 is in the table)
#  permuted TaSL with its importance shuffled across units, order 4, seed 1 (the consolidation control)
#  localize the localization experiment on agnews (all 1000 train rows, 500 dev rows, 5 random draws)
#  tune    recipe and O-LoRA lr check on train rows held apart from training (700 fit / 300 scored per
#          task, seeded; never the dev split), both eval modes from the same weights (TASL_EVAL_BOTH)
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/runs; B=$X/bert; D=$X/data
export TASL_JAVA_OPTS="-Xmx3g"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=$PREC batch_size=16 eval_batch_size=64 train_per_task=0"
echo "start $(date +%T) precision $PREC"
$G/run.sh org.tasl.sweep.SweepMain out=$R/table methods=seqlora,tasl,taslora,olora,inclora,replay,ewc,mtl,pertask \
  orders=4,5,6 seed=1 protocol=paper eval_per_task=500 $COMMON executor=local per_gpu=9 > $R/table.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/order1 methods=seqlora,tasl,olora,mtl orders=1 seed=1 protocol=paper \
  eval_per_task=200 $COMMON executor=local per_gpu=4 > $R/order1.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/seeds methods=seqlora,tasl orders=4 seeds=2,3 protocol=paper \
  eval_per_task=500 $COMMON executor=local per_gpu=4 > $R/seeds.log 2>&1 &
$G/run.sh org.tasl.run.RunMain method=tasl order=4 seed=1 importance_permuted=true protocol=paper eval_per_task=500 \
  $COMMON out=$R/tasl-permuted progress_every=100000 > $R/tasl-permuted.log 2>&1 &
$G/run.sh org.tasl.localize.LocalizeMain task=agnews seeds=5 seed=1 eval_per_task=500 $COMMON \
  out=$R/localize-agnews > $R/localize.json 2> $R/localize.log &
python3 - "$D/long-sequence/train" "$X/tune/long-sequence" <<'PY'
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
tune() { # name method key=value...
  local name=$1 method=$2; shift 2
  TASL_EVAL_BOTH=1 $G/run.sh org.tasl.run.RunMain method=$method order=4 seed=42 eval_per_task=0 \
    backbone=$B benchmark=long-sequence data_dir=$X/tune device=gpu precision=$PREC batch_size=16 eval_batch_size=64 \
    train_per_task=0 out=$R/tune/$name progress_every=100000 "$@" > $R/tune-$name.log 2>&1
}
mkdir -p $R/tune
tune pertask-vocab-5e-4 pertask lr=5e-4 & tune pertask-vocab-1e-3 pertask lr=1e-3 & tune pertask-vocab-2e-3 pertask lr=2e-3 &
tune pertask-labels-1e-3 pertask lr=1e-3 label_loss=labels &
tune olora-5e-4 olora lr=5e-4 & tune olora-1e-3 olora & tune olora-2e-3 olora lr=2e-3 &
wait
echo "all done $(date +%T)"; touch $R/done
