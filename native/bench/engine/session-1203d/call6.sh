#!/usr/bin/env bash
# Call 6 (carry .device/g3 with the final tests.jar; run again as call 7 after the review pass: the
# natives' list checks in one helper): the multi-tensor tests and the other step tests on the GPU.
set -u
C=.device/g3; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/out $W
tar -C $W -xJf $C/tasl-gpu.tar.xz; cp $C/tests.jar $C/console.jar $X/
cp -r native/bench/engine/session-1203d $X/s
$G/native/build.sh --jobs 16 > $X/out/build.txt 2>&1 || { tail -40 $X/out/build.txt; exit 1; }
EXTRA_TESTS="org.tasl.nn.MultiTensorTest org.tasl.cl.ImportanceTrackerTest" bash $X/s/gputests.sh
tar -C $X -czf $OUT/call6.tgz out
