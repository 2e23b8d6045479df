#!/usr/bin/env bash
# Call 3: every method of the engine on the GPU (random 2-layer BERT, 64 train / 32 dev per task),
# plus device=auto; one result line per run in $OUT/methods.txt.
set -u
B=.device/gpurun-b; X=/tmp/gpurun-x
rm -rf "$X"; mkdir -p "$X"
tar -C "$X" -xJf $B/tasl-gpu.tar.xz
cp $B/tasl-core.jar "$X/tasl-gpu/lib/tasl-core.jar"
cp -r $B/data "$X/data"; cp -r $B/tiny-bert "$X/tiny-bert"
"$X/tasl-gpu/native/build.sh" --jobs 16 > $OUT/build.log 2>&1 || { tail -30 $OUT/build.log; exit 1; }
export TASL_JAVA_OPTS="-Xmx16g"
one() { # method device
  local t0=$(date +%s.%N)
  timeout 60 "$X/tasl-gpu/run.sh" org.tasl.run.RunMain method=$1 backbone="$X/tiny-bert" benchmark=long-sequence order=4 \
    data_dir="$X/data" train_per_task=64 eval_per_task=32 batch_size=16 eval_batch_size=64 lr=5e-3 \
    seed=42 device=$2 out="$X/runs/$1-$2" progress_every=1000 > $OUT/log-$1-$2.txt 2>&1
  local rc=$?
  local dev=$(grep -o '"device":"[^"]*"' $OUT/log-$1-$2.txt | head -1)
  echo "$1 $2 rc=$rc $dev wall=$(awk "BEGIN{print $(date +%s.%N) - $t0}") $(grep '"type":"result"' $OUT/log-$1-$2.txt | grep -o '"ap":[^,]*,"bwt":[^,]*,"fwt":[^,]*')" | tee -a $OUT/methods.txt
  [ $rc = 0 ] || tail -5 $OUT/log-$1-$2.txt | cut -c1-300
}
for m in tasl taslora tasl-replay seqft seqlora inclora olora replay ewc mtl pertask; do one $m gpu; done
one tasl auto
cd $OUT && tar -czf logs.tar.gz log-*.txt && rm log-*.txt
