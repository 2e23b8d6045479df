#!/usr/bin/env bash
# Call 3 (carry .device/g3): the final code. Build; the GPU tests (gputests.sh); the BERT-base LoRA
# step against Transformers + PEFT (SDPA) as in lease 3 (perf.sh of session-1203c: with CUDA graphs
# at 32 x 128 and 16 x 256, without at 32 x 128). Outputs in at most 8 files.
set -u
C=.device/g3; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/parts $X/runs $X/out $X/perf $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data; cp $C/tests.jar $C/console.jar $X/
cp -r native/bench/engine/session-1203d $X/s; cp native/bench/engine/byte_shuffle.py $X/s/
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $X/out/build.txt 2>&1 || { tail -40 $X/out/build.txt; cp $X/out/build.txt $OUT/; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
EXTRA_TESTS="org.tasl.nn.MultiTensorTest org.tasl.cl.ImportanceTrackerTest" bash $X/s/gputests.sh
bash $X/s/perf.sh > $X/perf/perf.log 2>&1; cat $X/perf/perf.log
cp $X/out/*.txt $X/perf/
tar -C $X -czf $OUT/call3.tgz perf
