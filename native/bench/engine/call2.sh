#!/usr/bin/env bash
# Call 2: the full Long Sequence order-4 runs (tasl, then seqlora) with MiniLM-L6 (f16 weights).
set -u
G=.device/gpurun; X=/tmp/gpurun-x
[ -x "$X/tasl-gpu/run.sh" ] || { echo "bundle from call 1 is gone"; ls -la .device; exit 3; }
cp $G/tasl-core.jar "$X/tasl-gpu/lib/tasl-core.jar"
mkdir -p "$X/minilm-f16" && cp $G/minilm-f16/*.json $G/minilm-f16/vocab.txt "$X/minilm-f16/" \
  && cat "$X/weights.part00" $G/weights.part01 $G/weights.part02 | xz -dc > "$X/minilm-f16/model.safetensors"
ls -la "$X/minilm-f16"
export TASL_JAVA_OPTS="-Xmx24g"
START=$(date +%s)
COMMON="backbone=$X/minilm-f16 benchmark=long-sequence order=4 data_dir=$X/data train_per_task=0 eval_per_task=500 \
 batch_size=16 eval_batch_size=64 lr=5e-3 max_input_tokens=128 seed=42 device=gpu progress_every=20"
run() { # method seconds
  local t0=$(date +%s.%N)
  timeout "$2" "$X/tasl-gpu/run.sh" org.tasl.run.RunMain method=$1 $COMMON out="$X/runs/$1" > $OUT/$1.log 2>&1
  local rc=$?
  echo "$1 rc=$rc wall_seconds=$(awk "BEGIN{print $(date +%s.%N) - $t0}")" | tee -a $OUT/summary.txt
  grep -v '"type":"step"' $OUT/$1.log | cut -c1-400 | grep -v consolidation | tail -14
}
run tasl 340
run seqlora $(( 575 - ($(date +%s) - START) ))
cd "$X/runs" && tar -czf $OUT/runs-small.tar.gz --exclude='*.safetensors' --exclude='*.bin' --exclude='*.pt' --exclude='*.npy' . 2>/dev/null
du -sh "$X/runs"/* ; ls -la $OUT
