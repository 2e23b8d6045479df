#!/usr/bin/env bash
# One Standard CL run (tasl, order 4) alone on the GPU at the fidelity settings of leases 1-3:
# all 1000 train rows, 3 epochs, lr 1e-3 (the bert-base recipe), bf16, batch 16, 256 tokens, free
# decoding + exact match on 500 dev rows of every task after every task. Args: BACKBONE_DIR NAME.
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/out; B=$X/$1; N=$2; D=$X/data
export TASL_JAVA_OPTS="${TASL_JAVA_OPTS:--Xmx24g}"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=bf16 batch_size=16 eval_batch_size=64 train_per_task=0 protocol=paper executor=threads seed=1 eval_per_task=500"
t0=$(date +%s.%N)
$G/run.sh org.tasl.sweep.SweepMain out=$R/$N methods=tasl orders=4 $COMMON per_gpu=1 > $R/$N.log 2>&1
echo "$N: exit $? $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s wall (JVM start and model load included)"
grep -h '"run_finished"' $R/$N/logs/*.log | python3 -c 'import json,sys; [print("run seconds", round(json.loads(l)["seconds"],1), "ap", round(json.loads(l)["ap"],1)) for l in sys.stdin]'
grep -h -E '"(task_trained|task_evaluated)"|baseline scores|CUDA graphs' $R/$N/logs/*.log | cut -c1-200
