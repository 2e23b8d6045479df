#!/usr/bin/env bash
# The GPU tests of the training step: FusedAdamWTest, GraphedTrainingTest, StepReadoutTest,
# FusedAttentionTest, BertPrecisionParityTest (+ $EXTRA_TESTS); then BertPrecisionParityTest with
# -Dtasl.attention=eager and with -Dtasl.sdpa=torch (PyTorch's own kernel choice: cuDNN's on the
# H200), to see which attention path the bf16 layer-1 query gradient errors come from.
set -u
X=/tmp/g; O=$X/out; G=/tmp/tasl-gpu-run/tasl-gpu
. $G/native/build/active.env
tests() {  # NAME EXTRA_JAVA_OPT CLASSES...
  local name=$1 opt=$2; shift 2
  local sel=(); for c in "$@"; do sel+=(--select-class=$c); done
  timeout 240 $G/runtime/bin/java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn $opt \
    --enable-native-access=ALL-UNNAMED -Dtasl.test.device=gpu -cp "$G/lib/*:$X/tests.jar:$X/console.jar" \
    org.junit.platform.console.ConsoleLauncher execute --details=tree --disable-banner --disable-ansi-colors \
    "${sel[@]}" > $O/$name.txt 2>&1
  echo "== $name exit $?"; grep -E "✘|tests (successful|failed|skipped)|expected|relative" $O/$name.txt | head -20 | cut -c1-300
}
tests gpu-tests -Dtasl.none=1 org.tasl.train.FusedAdamWTest org.tasl.model.bert.GraphedTrainingTest \
  org.tasl.train.StepReadoutTest org.tasl.nn.FusedAttentionTest org.tasl.model.bert.BertPrecisionParityTest ${EXTRA_TESTS:-}
tests precision-eager -Dtasl.attention=eager org.tasl.model.bert.BertPrecisionParityTest
tests precision-cudnn -Dtasl.sdpa=torch org.tasl.model.bert.BertPrecisionParityTest
