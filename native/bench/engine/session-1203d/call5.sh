#!/usr/bin/env bash
# Call 5 (carry .device/g3; the lease of calls 3-4 was released while the experiments ran in the
# background, so this starts over): build, the GPU tests with the final tests (tolerances from
# call 3), then ../session-1203/append.sh 1..4 and start.sh follow back to back.
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
grep -h "bf16 vs fp32" $X/out/gpu-tests.txt $X/out/precision-*.txt -A8 | cut -c1-160
tar -C $X -czf $OUT/call5.tgz out
