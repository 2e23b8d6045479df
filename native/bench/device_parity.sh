#!/usr/bin/env bash
# The foundation's parity tests (T5ParityTest, LlamaParityTest) through this library on a GPU
# machine, on the GPU and on its CPU, with the JUnit console launcher.
#   native/bench/device_parity.sh BUNDLE.tar.xz TEST_CLASSES_DIR CONSOLE.jar FIXTURES_DIR OUTDIR [TASL_CORE_JAR]
# (test classes as a folder: the oracle tests read their resources as files)
set -uo pipefail
BUNDLE="$1" TESTS="$2" CONSOLE="$3" FIXTURES="$4" OUTDIR="$5" CORE="${6:-}"
G=/tmp/tasl-gpu-run/tasl-gpu
if [ ! -f "$G/native/build/active.env" ]; then
  rm -rf /tmp/tasl-gpu-run; mkdir -p /tmp/tasl-gpu-run; tar -C /tmp/tasl-gpu-run -xJf "$BUNDLE"
  [ -n "$CORE" ] && cp "$CORE" "$G/lib/tasl-core.jar"
  "$G/native/build.sh" --jobs "$(nproc)" > "$OUTDIR/build.txt" 2>&1 || { cat "$OUTDIR/build.txt"; exit 1; }
fi
. "$G/native/build/active.env"
for device in gpu cpu; do
  echo "=== parity on $device ==="
  TASL_FIXTURES="$FIXTURES" "$G/runtime/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    --enable-native-access=ALL-UNNAMED -Dtasl.test.device=$device -cp "$G/lib/*:$TESTS:$CONSOLE" \
    org.junit.platform.console.ConsoleLauncher execute --details=tree --disable-banner --disable-ansi-colors \
    --select-class=org.tasl.model.t5.T5ParityTest --select-class=org.tasl.model.llama.LlamaParityTest 2>&1
  echo "=== parity on $device: exit $? ==="
done > "$OUTDIR/parity.txt"
grep -E "===|tests (successful|failed)|✘" "$OUTDIR/parity.txt" | head -40
