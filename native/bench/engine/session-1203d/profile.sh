#!/usr/bin/env bash
# GPU session 2026-12-03 (fourth lease), call 1 (carry .device/g3: the bundle of this commit with
# jdk.jfr, the Long Sequence data, tests.jar, console.jar): build the native library; make a
# BERT-base-shaped checkpoint with random weights (Transformers, seed 0: the step and evaluation
# costs of BERT-base do not depend on its weights — free decoding fills a fixed number of answer
# slots); run the GPU tests still pending; then one Standard CL run (tasl, order 4, the fidelity
# settings) alone on the GPU under Java Flight Recorder, to see where its host time goes.
set -u
C=.device/g3; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/runs $X/out $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data; cp $C/tests.jar $C/console.jar $X/
cp -r native/bench/engine/session-1203d $X/s
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; nproc
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $X/out/build.txt 2>&1 || { tail -40 $X/out/build.txt; cp $X/out/build.txt $OUT/; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
mkdir -p $X/rnd && cp .device/bertcfg/* $X/rnd/
python3 - <<'PY'
import torch, transformers
torch.manual_seed(0)
cfg = transformers.BertConfig.from_pretrained("/tmp/g/rnd")
transformers.BertForMaskedLM(cfg).save_pretrained("/tmp/g/rnd", safe_serialization=True)
print("random BERT-base written")
PY
cp .device/bertcfg/* $X/rnd/   # save_pretrained rewrote config.json: keep the original
bash $X/s/gputests.sh
export TASL_JAVA_OPTS="-Xmx24g -XX:StartFlightRecording=filename=$OUT/alone.jfr,settings=profile"
bash $X/s/alone.sh rnd alone
cp -r $X/out/* $OUT/
