#!/usr/bin/env bash
# Issue 17 (and 13's GPU memory): device_compare.sh (bench --compare GPU side: bf16 + SDPA vs HF+PEFT SDPA,
# our eager attention, fp32, batch 8; then parity tests on the GPU). Marks /tmp/g/perf/done at the end.
X=/tmp/g
bash $X/s/device_compare.sh /nonexistent-bundle $X/perf $X/test-classes $X/console.jar "" 2>&1
echo "perf exit $?"; touch $X/perf/done
