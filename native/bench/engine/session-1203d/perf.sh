#!/usr/bin/env bash
# Issue 17, final code of 2026-12-03: the project's BERT-base LoRA step against Transformers + PEFT
# (SDPA) in one run each (org.tasl.bench.Compare, alternating repetitions), with CUDA graphs and with
# -Dtasl.cudaGraphs=off; the lines below are lease 3's perf.sh without its test part.
set -u
X=/tmp/g; P=$X/perf; G=/tmp/tasl-gpu-run/tasl-gpu
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1 PYTHONUNBUFFERED=1
python3 -c 'import torch, transformers, peft; print("torch", torch.__version__, "cuda", torch.version.cuda, "transformers", transformers.__version__, "peft", peft.__version__)' 2>&1 | tee $P/device.txt
REF="$G/native/bench/torch_reference.py"
compare_run() {  # NAME then Compare arguments
  local name="$1"; shift
  timeout 150 "$G/run.sh" org.tasl.bench.Compare --device gpu --python python3 --script "$REF" --json "$@" \
    > "$P/$name.json" 2> "$P/$name.log"
  echo "== $name (exit $?)"; grep -E "^(rep|warm|CUDA graphs)|Exception|Error" "$P/$name.log" | cut -c1-240
  python3 - "$P/$name.json" <<'PY'
import json, sys
try:
    g = json.load(open(sys.argv[1]))["gpu"]
except Exception as e:
    print("no result:", e); sys.exit(0)
t, m = g["lora_step_tokens_per_s"], g.get("peak_memory_bytes", {})
print(f"tokens/s tasl {t['tasl']:.0f} torch {t['torch']:.0f} ratio {t['ratio']:.3f} (paired {g['paired_ratio_median']:.3f})"
      f" | peak GiB tasl {m.get('tasl', -1) / 2**30:.2f} torch {m.get('torch', -1) / 2**30:.2f} ratio {m.get('ratio') or float('nan'):.3f}"
      f" | {g['precision']} batch {g['batch']}x{g['seq']}")
PY
}
compare_run bf16-b32-graphs --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10
TASL_JAVA_OPTS="-Dtasl.cudaGraphs=off" compare_run bf16-b32-nographs --precision bf16 --batch 32 --seq 128 --reps 5 --steps 10
compare_run bf16-b16-s256-graphs --precision bf16 --batch 16 --seq 256 --reps 5 --steps 10
