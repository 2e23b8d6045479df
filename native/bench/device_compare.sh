#!/usr/bin/env bash
# Issue 17 on a GPU machine, in one call: build our libdjl_torch (with the fused-attention and
# CUDA-memory entry points of djl_torch/tasl_ext.cpp) against the machine's PyTorch, run the GPU
# side of `./tasl bench --compare` (org.tasl.bench.Compare: the project's BERT-base LoRA step vs
# Transformers + PEFT with SDPA, alternating repetitions, tokens/s and peak allocated memory from
# one run; with CUDA graphs, and with -Dtasl.cudaGraphs=off), the same with the project's eager
# attention, fp32, and the parity tests on the GPU (GraphedTrainingTest included).
# Also the AdamW Java loop against the one-call native update (-Dtasl.adamw=eager, same step otherwise)
# and, when EVAL_DATA (a TASL_DATA folder with long-sequence/) and EVAL_BACKBONE (a converted backbone
# folder) are set, evaluation with consecutive batches vs length buckets (org.tasl.bench.EvalBuckets).
#   native/bench/device_compare.sh BUNDLE.tar.xz OUTDIR [TEST_CLASSES_DIR CONSOLE.jar [FIXTURES_DIR]]
# BUNDLE from `./tasl native bundle` on this branch; TEST_CLASSES_DIR = tasl-core/target/test-classes,
# CONSOLE.jar = junit-platform-console-standalone (as for device_parity.sh); FIXTURES for T5/LLaMA parity.
set -uo pipefail
BUNDLE="$1" OUTDIR="$2" TESTS="${3:-}" CONSOLE="${4:-}" FIXTURES="${5:-}"
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1 PYTHONUNBUFFERED=1
mkdir -p "$OUTDIR"
W=/tmp/tasl-gpu-run; G="$W/tasl-gpu"
if [ ! -f "$G/native/build/active.env" ]; then
  rm -rf "$W"; mkdir -p "$W"; tar -C "$W" -xJf "$BUNDLE"
  [ -n "${TASL_CORE_JAR:-}" ] && cp "$TASL_CORE_JAR" "$G/lib/tasl-core.jar"
  [ -n "${TASL_BENCH_JAR:-}" ] && cp "$TASL_BENCH_JAR" "$G/lib/tasl-bench.jar"  # and the tooling (org.tasl.gpu, org.tasl.bench)
  t0=$(date +%s)
  "$G/native/build.sh" --jobs "$(nproc)" > "$OUTDIR/build.txt" 2>&1 || { tail -30 "$OUTDIR/build.txt"; exit 1; }
  echo "native build: $(( $(date +%s) - t0 )) s"
fi
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  python3 -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__, "peft", peft.__version__)'
} 2>&1 | tee "$OUTDIR/device.txt"
REF="$G/native/bench/torch_reference.py"
compare_run() {  # NAME then Compare arguments; JSON to NAME.json, the log to NAME.log
  local name="$1"; shift
  "$G/run.sh" org.tasl.bench.Compare --device gpu --python python3 --script "$REF" --json "$@" \
    > "$OUTDIR/$name.json" 2> "$OUTDIR/$name.log"
  echo "== $name (exit $?)"; grep -E "^(==|rep|warm|reference)|Exception|Error" "$OUTDIR/$name.log" | cut -c1-300
  python3 - "$OUTDIR/$name.json" <<'PY'
import json, sys
try:
    g = json.load(open(sys.argv[1]))["gpu"]
except Exception as e:
    print("no result:", e); sys.exit(0)
t, m = g["lora_step_tokens_per_s"], g.get("peak_memory_bytes", {})
print(f"tokens/s tasl {t['tasl']:.0f} torch {t['torch']:.0f} ratio {t['ratio']:.3f} | peak GiB tasl {m.get('tasl', -1) / 2**30:.2f}"
      f" torch {m.get('torch', -1) / 2**30:.2f} ratio {m.get('ratio') or float('nan'):.3f} | gemm share {g['gemm_share']:.3f}"
      f" | fused attention {g.get('fused_attention')} precision {g['precision']} batch {g['batch']}x{g['seq']} | {g.get('cuda_graphs')}")
PY
}
compare_run bf16-b32-sdpa --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10
TASL_JAVA_OPTS="-Dtasl.cudaGraphs=off" compare_run bf16-b32-sdpa-nographs --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10
compare_run bf16-b16-s256-sdpa --precision bf16 --batch 16 --seq 256 --reps 5 --steps 10
TASL_JAVA_OPTS="-Dtasl.attention=eager" compare_run bf16-b32-eager --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10
compare_run fp32-b32-sdpa --precision fp32 --batch 32 --seq 128 --reps 3 --steps 5
compare_run bf16-b8-sdpa --precision bf16 --batch 8 --seq 128 --reps 5 --steps 10
TASL_JAVA_OPTS="-Dtasl.adamw=eager" compare_run bf16-b32-sdpa-adamw-loop --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10

if [ -n "${EVAL_DATA:-}" ] && [ -n "${EVAL_BACKBONE:-}" ]; then
  for task in agnews dbpedia; do
    TASL_DATA="$EVAL_DATA" "$G/run.sh" org.tasl.bench.EvalBuckets "$EVAL_BACKBONE" long-sequence "$task" 500 16 3 gpu bf16 \
      > "$OUTDIR/eval-$task.json" 2> "$OUTDIR/eval-$task.log"
    echo "== eval-$task (exit $?)"; grep -vE "^\[|^rep " "$OUTDIR/eval-$task.log" | tail -12
  done
fi

if [ -n "$TESTS" ] && [ -n "$CONSOLE" ]; then
  . "$G/native/build/active.env"
  for device in gpu cpu; do
    echo "=== parity on $device ==="
    TASL_FIXTURES="$FIXTURES" "$G/runtime/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      --enable-native-access=ALL-UNNAMED -Dtasl.test.device=$device -cp "$G/lib/*:$TESTS:$CONSOLE" \
      org.junit.platform.console.ConsoleLauncher execute --details=tree --disable-banner --disable-ansi-colors \
      --select-class=org.tasl.model.bert.BertPrecisionParityTest --select-class=org.tasl.nn.FusedAttentionTest \
      --select-class=org.tasl.model.t5.T5ParityTest --select-class=org.tasl.model.llama.LlamaParityTest \
      --select-class=org.tasl.train.FusedAdamWTest --select-class=org.tasl.train.StepReadoutTest \
      --select-class=org.tasl.model.bert.BucketedEvaluationTest --select-class=org.tasl.model.bert.GraphedTrainingTest 2>&1
    echo "=== parity on $device: exit $? ==="
  done > "$OUTDIR/parity.txt"
  grep -E "===|tests (successful|failed|skipped)|✘|bf16 vs fp32|  bert\." "$OUTDIR/parity.txt" | head -80
fi
