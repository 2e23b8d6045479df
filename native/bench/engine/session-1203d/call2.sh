#!/usr/bin/env bash
# Call 2 (carry .device/g3, .device/bertcfg): the multi-tensor step updates and batched tokenizing.
# Build; random BERT-base as in profile.sh; sdpa_probe.py; the GPU tests; then the Standard CL run
# alone twice: PyTorch's own attention-kernel choice (under JFR), and without the cuDNN kernel.
set -u
C=.device/g3; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/runs $X/out $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data; cp $C/tests.jar $C/console.jar $X/
cp -r native/bench/engine/session-1203d $X/s
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $X/out/build.txt 2>&1 || { tail -40 $X/out/build.txt; cp $X/out/build.txt $OUT/; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
mkdir -p $X/rnd && cp .device/bertcfg/* $X/rnd/
python3 -c '
import torch, transformers
torch.manual_seed(0)
transformers.BertForMaskedLM(transformers.BertConfig.from_pretrained("/tmp/g/rnd")).save_pretrained("/tmp/g/rnd", safe_serialization=True)' 2>/dev/null
cp .device/bertcfg/* $X/rnd/
python3 $X/s/sdpa_probe.py 2>&1 | tee $X/out/sdpa_probe.txt
EXTRA_TESTS="org.tasl.nn.MultiTensorTest org.tasl.cl.ImportanceTrackerTest" bash $X/s/gputests.sh
TASL_JAVA_OPTS="-Xmx24g -XX:StartFlightRecording=filename=$X/out/alone2.jfr,settings=profile" bash $X/s/alone.sh rnd alone2
TASL_JAVA_OPTS="-Xmx24g -Dtasl.sdpa=flash,efficient,math" bash $X/s/alone.sh rnd alone2-nocudnn
tar -C $X -czf $OUT/out.tgz out
