#!/usr/bin/env bash
# The fidelity issue's Standard CL table on one GPU as one sweep (issue 15): orders 4, 5, 6 ×
# seqlora, tasl, taslora, olora, inclora, replay, ewc, mtl, pertask on BERT-base, local executor,
# PER_GPU processes sharing the GPU (each cell a separate RunMain JVM, CUDA_VISIBLE_DEVICES=0).
#
# usage (device tool, from the lead checkout, carry [".device/sweep"]):
#   OUT=$OUT native/bench/engine/sweep_gpu.sh .device/sweep/tasl-gpu.tar.xz BERT_DIR DATA_DIR [key=value ...]
# BUNDLE: ./tasl native bundle of this branch; BERT_DIR: the converted HF folder of bert-base-uncased;
# DATA_DIR: a benchmark root with long-sequence/{train,dev}/{dbpedia,amazon,yahoo,agnews}.json.gz.
# Extra key=value arguments are run options for every cell (e.g. the fidelity branch's protocol=paper)
# (new sweep only). PER_GPU (environment, default 14): processes sharing the GPU.
#
# The sweep lives in /tmp/sweep-x/standard-cl, which survives between calls while the machine is
# warm: a call cut short (timeout 450 s below stops the cells at a step boundary, within the
# 10-minute call limit) is
# continued by running the same command again — it resumes the unfinished cells, each after its
# last completed task. Every call copies the summary, sweep.json, logs and the small run files to $OUT.
set -u
BUNDLE=$1; BERT=$(readlink -f "$2"); DATA=$(readlink -f "$3"); shift 3
X=/tmp/sweep-x; S="$X/standard-cl"; mkdir -p "$X" "$OUT"
if [ ! -x "$X/tasl-gpu/run.sh" ]; then
  tar -C "$X" -xJf "$BUNDLE"
  "$X/tasl-gpu/native/build.sh" --jobs 16 > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi
export TASL_JAVA_OPTS="-Xmx4g"
nvidia-smi -L
if [ -f "$S/sweep.json" ]; then
  timeout 450 "$X/tasl-gpu/run.sh" org.tasl.sweep.SweepMain resume="$S"
else
  timeout 450 "$X/tasl-gpu/run.sh" org.tasl.sweep.SweepMain out="$S" \
    methods=seqlora,tasl,taslora,olora,inclora,replay,ewc,mtl,pertask orders=4,5,6 \
    backbone="$BERT" benchmark=long-sequence data_dir="$DATA" train_per_task=0 eval_per_task=500 epochs=3 \
    lr=5e-4 warmup_steps=20 batch_size=16 eval_batch_size=64 max_input_tokens=128 seed=42 device=gpu \
    executor=local per_gpu="${PER_GPU:-14}" "$@"
fi
echo "sweep exit $?"
"$X/tasl-gpu/run.sh" org.tasl.sweep.SweepMain status="$S"
cd "$S" && tar -czf "$OUT/standard-cl.tgz" sweep.json summary.* logs runs/*/results.json runs/*/accuracy_matrix.csv \
  runs/*/config.json runs/*/tasks/*/task.json 2>/dev/null
cp summary.md summary.json "$OUT/" 2>/dev/null
cat summary.md 2>/dev/null | head -40
