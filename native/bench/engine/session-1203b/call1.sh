#!/usr/bin/env bash
# GPU session 2026-12-03 (second lease), call 1 (carry .device/g2: the bundle of this commit + the
# Long Sequence data): unpack the bundle, build the native library, keep data and scripts in /tmp/g
# (which survives while the machine stays warm). Calls 2-5: ../session-1203/append.sh N (weights).
set -u
C=.device/g2; X=/tmp/g; W=/tmp/tasl-gpu-run; G=$W/tasl-gpu
rm -rf $X $W; mkdir -p $X/parts $X/runs $W
tar -C $W -xJf $C/tasl-gpu.tar.xz
cp -r $C/data $X/data
cp -r native/bench/engine/session-1203b $X/s; cp native/bench/engine/byte_shuffle.py $X/s/
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; nproc; free -g | head -2
which nvidia-cuda-mps-control || true
t0=$(date +%s)
$G/native/build.sh --jobs 16 > $OUT/build.txt 2>&1 || { tail -30 $OUT/build.txt; exit 1; }
echo "native build $(( $(date +%s) - t0 )) s"
