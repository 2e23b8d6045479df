#!/usr/bin/env bash
# GPU session 2026-12-03 (third lease), call 1 (carry .device/g3: the bundle of this commit, the Long
# Sequence data, tests.jar = tasl-core's test classes, console.jar = JUnit's console launcher):
# unpack, build the native library (now with CUDA graphs), then perf.sh. Files stay in /tmp/g while
# the machine is warm. Calls 2-5: ../session-1203/append.sh N (weights); call 6: start.sh.
set -u
C=.device/g3; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/parts $X/runs $X/perf $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data; cp $C/tests.jar $C/console.jar $X/
cp -r native/bench/engine/session-1203c $X/s; cp native/bench/engine/byte_shuffle.py $X/s/
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; nproc
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $X/perf/build.txt 2>&1 || { tail -40 $X/perf/build.txt; cp $X/perf/build.txt $OUT/; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
bash $X/s/perf.sh
cp -r $X/perf $OUT/
