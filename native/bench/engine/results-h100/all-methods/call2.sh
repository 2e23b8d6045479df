#!/usr/bin/env bash
# Call 2 (all methods): MiniLM-L6 f16, Long Sequence order 4, all 11 methods in sequence on the GPU.
set -u
G=.device/gpurun; X=/tmp/gpurun-x
[ -x "$X/tasl-gpu/run.sh" ] || { echo "bundle from call 1 is gone"; exit 3; }
cp $G/tasl-core.jar "$X/tasl-gpu/lib/tasl-core.jar"
mkdir -p "$X/minilm-f16" && cp $G/minilm-f16/*.json $G/minilm-f16/vocab.txt "$X/minilm-f16/" \
  && cat "$X/weights.part00" $G/weights.part01 $G/weights.part02 | xz -dc > "$X/minilm-f16/model.safetensors"
sha256sum "$X/minilm-f16/model.safetensors"
export TASL_JAVA_OPTS="-Xmx24g"
START=$(date +%s); LIMIT=${LIMIT:-560}
L=$OUT/logs; mkdir -p $L
COMMON="backbone=$X/minilm-f16 benchmark=long-sequence order=4 data_dir=$X/data train_per_task=0 eval_per_task=500 \
 batch_size=16 eval_batch_size=64 max_input_tokens=128 seed=42 device=gpu progress_every=20"
run() { # method extra-args...
  local m=$1; shift
  local left=$(( LIMIT - ($(date +%s) - START) ))
  if [ $left -lt 20 ]; then echo "$m SKIPPED (time left ${left}s)" | tee -a $OUT/summary.txt; return; fi
  local t=$(( left < 180 ? left : 180 ))
  local t0=$(date +%s.%N)
  timeout "$t" "$X/tasl-gpu/run.sh" org.tasl.run.RunMain method=$m $COMMON "$@" out="$X/runs/$m" > $L/$m.log 2>&1
  local rc=$?
  echo "$m rc=$rc timeout=$t wall_seconds=$(awk "BEGIN{print $(date +%s.%N) - $t0}") args=[$*] $(grep '"type":"result"' $L/$m.log | grep -o '"ap":[^,]*,"bwt":[^,]*,"fwt":[^,]*')" | tee -a $OUT/summary.txt
  [ $rc = 0 ] || grep -v '"type":"step"' $L/$m.log | tail -6 | cut -c1-400
}
for m in tasl taslora tasl-replay; do run $m lr=5e-3; done
run seqft
for m in seqlora inclora; do run $m lr=5e-3; done
run olora
for m in replay ewc mtl pertask; do run $m lr=5e-3; done
cd "$X/runs" && tar -czf $OUT/runs.tar.gz --exclude='*.safetensors' --exclude='*.bin' --exclude='*.pt' --exclude='*.npy' --exclude='*.npz' . 2>/dev/null
du -sh "$X/runs"/* | head -20
cd $OUT && tar -czf logs.tar.gz logs && rm -rf logs; ls -la $OUT
