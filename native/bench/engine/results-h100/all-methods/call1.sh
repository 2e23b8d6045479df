#!/usr/bin/env bash
# Call 1 (all methods): unpack the bundle into /tmp/gpurun-x (kept while the machine is warm), build the native library.
set -u
B=.device/gpurun-b; X=/tmp/gpurun-x
rm -rf "$X"; mkdir -p "$X"
tar -C "$X" -xJf $B/tasl-gpu.tar.xz
cp $B/tasl-core.jar "$X/tasl-gpu/lib/tasl-core.jar"
cp -r $B/data "$X/data"; cp .device/allmethods/c1/weights.part00 "$X/"
nvidia-smi > $OUT/nvidia-smi.txt 2>&1
t0=$(date +%s.%N)
"$X/tasl-gpu/native/build.sh" --jobs 16 > $OUT/build.log 2>&1 || { tail -30 $OUT/build.log; exit 1; }
echo "native build seconds: $(awk "BEGIN{print $(date +%s.%N) - $t0}")"
ls "$X"
