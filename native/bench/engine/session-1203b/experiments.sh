#!/usr/bin/env bash
# What the first lease (../session-1203) could not finish, now with the sweep's `threads` executor:
# every run of a sweep in one JVM (one CUDA context), instead of one process per run time-slicing
# the GPU. Same settings as the first lease (bf16, batch 16, paper protocol, seed 1, 500 dev rows):
#  table   Standard CL orders 4,5,6 for olora, inclora, replay, ewc, mtl, pertask
#  order1  Long Sequence order 1 (15 tasks) for seqlora, tasl, olora, mtl (200 dev rows per task)
#  seeds   seeds 2 and 3 on order 4 for seqlora and tasl (seed 1 is in the first lease's table)
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/runs; B=$X/bert; D=$X/data
export TASL_JAVA_OPTS="-Xmx24g"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=bf16 batch_size=16 eval_batch_size=64 train_per_task=0 protocol=paper executor=threads"
echo "start $(date +%T)"
$G/run.sh org.tasl.sweep.SweepMain out=$R/order1 methods=seqlora,tasl,olora,mtl orders=1 seed=1 eval_per_task=200 \
  $COMMON per_gpu=4 > $R/order1.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/table methods=mtl,pertask,olora,inclora,replay,ewc orders=4,5,6 \
  seed=1 eval_per_task=500 $COMMON per_gpu=10 > $R/table.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/seeds methods=seqlora,tasl orders=4 seeds=2,3 eval_per_task=500 \
  $COMMON per_gpu=4 > $R/seeds.log 2>&1 &
wait
echo "all done $(date +%T)"; touch $R/done
