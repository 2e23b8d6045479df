#!/usr/bin/env bash
# GPU session of 2026-12-03, call 1 (carry .device/g1): unpack the bundle where device_compare.sh
# expects it, build the native library, keep data/tests/scripts in /tmp/g (which survives while the
# machine stays warm), then start the side-by-side benchmark + GPU parity tests (issue 17/13) in the
# background (setsid) so they run while calls 2-5 carry the BERT-base weights.
set -u
C=.device/g1; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/parts $X/perf $X/runs $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data; cp -r $C/test-classes $X/test-classes; cp $C/junit-platform-console-standalone-*.jar $X/console.jar
cp -r native/bench/engine/session-1203 $X/s; cp native/bench/engine/byte_shuffle.py native/bench/device_compare.sh $X/s/
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; nproc; free -g | head -2
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $OUT/build.txt 2>&1 || { tail -30 $OUT/build.txt; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
cd $X && setsid nohup bash $X/s/perf.sh > $X/perf/perf.log 2>&1 < /dev/null &
sleep 45; cat $X/perf/perf.log | cut -c1-300
