#!/usr/bin/env bash
# The proof on a GPU machine, in one call: unpack the bundle, build libdjl_torch.so against the
# machine's PyTorch, run the conformance suite against the CPU reference, then the benchmarks
# through DJL and through PyTorch / Transformers + PEFT, side by side.
#   native/bench/device_run.sh BUNDLE.tar.xz EXPECTED.tsv OUTDIR [BATCH SEQ]
set -uo pipefail
BUNDLE="$1" EXPECTED="$2" OUTDIR="$3" BATCH="${4:-32}" SEQ="${5:-128}"
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1 PYTHONUNBUFFERED=1
mkdir -p "$OUTDIR"
W=/tmp/tasl-gpu-run; rm -rf "$W"; mkdir -p "$W"; tar -C "$W" -xJf "$BUNDLE"; G="$W/tasl-gpu"
# newer project jars than the bundle's (TASL_CORE_JAR=..., TASL_BENCH_JAR=...) replace them
[ -n "${TASL_CORE_JAR:-}" ] && cp "$TASL_CORE_JAR" "$G/lib/tasl-core.jar"
[ -n "${TASL_BENCH_JAR:-}" ] && cp "$TASL_BENCH_JAR" "$G/lib/tasl-bench.jar"  # and the tooling (org.tasl.gpu, org.tasl.bench)
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  python3 -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__, "peft", peft.__version__)'
} 2>&1 | tee "$OUTDIR/device.txt"

t0=$(date +%s)
"$G/native/build.sh" --jobs "$(nproc)" > "$OUTDIR/build.txt" 2>&1 || { cat "$OUTDIR/build.txt"; exit 1; }
echo "native build: $(( $(date +%s) - t0 )) s"; tail -5 "$OUTDIR/build.txt"

"$G/run.sh" org.tasl.gpu.NdConformance check "$EXPECTED" gpu > "$OUTDIR/conformance.txt" 2>&1
echo "conformance exit $?"; grep -v "^WARN\|^\[main\] WARN" "$OUTDIR/conformance.txt" | cut -c1-400

# Peak GPU memory of a command, as nvidia-smi sees the whole card (minus the idle reading).
peak() {
  local log; log="$(mktemp)"; local idle
  idle="$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits | head -1)"
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 > "$log" & local mon=$!
  "$@"; local rc=$?
  kill "$mon" 2>/dev/null; wait "$mon" 2>/dev/null
  echo "$1-peak $(( $(sort -n "$log" | tail -1) - idle )) MiB-nvidia-smi ($*)" >> "$OUTDIR/memory.txt"
  return $rc
}

B="$OUTDIR/bench.txt"; : > "$B"
# both orders, DJL first and last: the card's clocks settle during the first runs
"$G/run.sh" org.tasl.gpu.GpuBenchmark matmul 4096 8192 2>&1 | grep -E "^djl " | sed 's/^djl /djl-first /' | tee -a "$OUTDIR/matmul-order.txt"
python3 "$G/native/bench/torch_reference.py" matmul 4096 8192 2>&1 | grep -E "^torch " | tee -a "$B"
"$G/run.sh" org.tasl.gpu.GpuBenchmark matmul 4096 8192 2>&1 | grep -E "^djl " | tee -a "$B"
cat "$OUTDIR/matmul-order.txt"
peak "$G/run.sh" org.tasl.gpu.GpuBenchmark lora "$BATCH" "$SEQ" 2>&1 | grep -E "^djl |Exception|Error" | tee -a "$B"
# Where DJL's extra memory goes (issue 13): the step as first measured (float32 weight sources
# kept, every intermediate alive until the step ends), with the float32 sources freed, and the
# default above (also per-layer scopes). Same batch; nvidia-smi peak and in-process peak each.
for v in as-before bf16-weights; do
  peak "$G/run.sh" org.tasl.gpu.GpuBenchmark lora "$BATCH" "$SEQ" 12 "$v" 2>&1 | grep -E "^djl |Exception|Error" | tee -a "$OUTDIR/memory-variants.txt"
done
# the caching allocator's expandable segments cut fragmentation in both worlds: measured for both
PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True peak "$G/run.sh" org.tasl.gpu.GpuBenchmark lora "$BATCH" "$SEQ" 2>&1 | grep -E "^djl |Exception|Error" | sed 's/^djl /djl-expandable /' | tee -a "$OUTDIR/memory-variants.txt"
PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True peak python3 "$G/native/bench/torch_reference.py" lora "$BATCH" "$SEQ" 12 eager 2>&1 | grep -E "^torch |Error" | sed 's/^torch /torch-expandable /' | tee -a "$OUTDIR/memory-variants.txt"
peak python3 "$G/native/bench/torch_reference.py" lora "$BATCH" "$SEQ" 12 eager 2>&1 | grep -E "^torch |Error" | tee -a "$B"
peak python3 "$G/native/bench/torch_reference.py" lora "$BATCH" "$SEQ" 12 sdpa 2>&1 | grep -E "^torch |Error" | tee -a "$B"
cat "$OUTDIR/memory.txt"

echo "== side by side ($(head -1 "$OUTDIR/device.txt")) =="
python3 - "$B" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    side, key, value, unit = line.split()[:4]
    rows.setdefault(re.sub(r"-(eager|sdpa)$", "", key), {})[side + ("-" + key.rsplit("-", 1)[1] if key.endswith(("eager", "sdpa")) else "")] = (float(value), unit)
for key, r in rows.items():
    djl = r.get("djl")
    for name, (v, unit) in sorted(r.items()):
        if name == "djl":
            continue
        ratio = f"{djl[0] / v:.3f}" if djl else "-"
        print(f"{key:28s} djl {djl[0] if djl else float('nan'):10.1f}  {name:12s} {v:10.1f} {unit:10s} djl/torch {ratio}")
PY
