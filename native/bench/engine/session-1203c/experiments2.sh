#!/usr/bin/env bash
# Second batch of the third lease (the first finished in 3 minutes), same settings, CUDA graphs on:
#  long   Long Sequence (15 tasks, 200 dev rows per task) orders 1,2,3 for tasl and seqlora
#  olora  the same for O-LoRA, in a process of its own (its orthogonality loss is captured too)
#  seeds  seeds 2 and 3 on Standard CL order 4 for tasl and seqlora
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/runs; B=$X/bert; D=$X/data
export TASL_JAVA_OPTS="-Xmx24g"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=bf16 batch_size=16 eval_batch_size=64 train_per_task=0 protocol=paper executor=threads"
rm -f $R/done; echo "batch 2 start $(date +%T)"
$G/run.sh org.tasl.sweep.SweepMain out=$R/long methods=tasl,seqlora orders=1,2,3 seed=1 eval_per_task=200 $COMMON per_gpu=6 > $R/long.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/olora methods=olora orders=1,2,3 seed=1 eval_per_task=200 $COMMON per_gpu=3 > $R/olora.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/seeds methods=tasl,seqlora orders=4 seeds=2,3 eval_per_task=500 $COMMON per_gpu=4 > $R/seeds.log 2>&1 &
wait
echo "batch 2 done $(date +%T)"; touch $R/done
