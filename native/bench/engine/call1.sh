#!/usr/bin/env bash
# Call 1: unpack the bundle into .device/gpurun-x (kept while the machine is warm), build the
# native library, smoke-test RunMain on the GPU with a random 2-layer BERT (f16, MiniLM tokenizer).
set -u
B=.device/gpurun-b; X=/tmp/gpurun-x  # /tmp survives between calls on a warm machine; ignored repo folders do not
rm -rf "$X"; mkdir -p "$X"
tar -C "$X" -xJf $B/tasl-gpu.tar.xz
cp $B/tasl-core.jar "$X/tasl-gpu/lib/tasl-core.jar"
cp -r $B/data "$X/data"
cp -r $B/tiny-bert "$X/tiny-bert"; cp $B/weights.part00 "$X/"
nvidia-smi > $OUT/nvidia-smi.txt 2>&1
python3 -c 'import torch;print("torch", torch.__version__, torch.version.cuda, torch.cuda.get_device_name())'
export TASL_JAVA_OPTS="-Xmx16g"
t0=$(date +%s.%N)
"$X/tasl-gpu/native/build.sh" --jobs 16 > $OUT/build.log 2>&1 || { tail -30 $OUT/build.log; exit 1; }
echo "native build seconds: $(awk "BEGIN{print $(date +%s.%N) - $t0}")"
t0=$(date +%s.%N)
timeout 200 "$X/tasl-gpu/run.sh" org.tasl.run.RunMain method=tasl backbone="$X/tiny-bert" benchmark=long-sequence order=4 \
  data_dir="$X/data" train_per_task=64 eval_per_task=32 batch_size=16 eval_batch_size=64 lr=5e-3 max_input_tokens=128 \
  seed=42 device=gpu out="$X/runs/smoke-tasl" progress_every=1 > $OUT/smoke.log 2>&1
rc=$?
echo "smoke rc=$rc seconds: $(awk "BEGIN{print $(date +%s.%N) - $t0}")"
grep -v '"type":"step"' $OUT/smoke.log | cut -c1-600 | tail -25
ls "$X"
