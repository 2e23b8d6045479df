#!/usr/bin/env bash
# The third lease's experiments, every run with CUDA graphs (cuda_graphs=auto), settings of the first
# two leases (BERT-base with its MLM head, all 1000 train rows, 3 epochs, lr 1e-3, bf16, batch 16,
# paper protocol: free decoding + exact match, 500 dev rows, seed 1):
#  alone  one Standard CL run (tasl, order 4) with the GPU to itself: issue 17's whole-run time
#  grid   tasl and seqlora on orders 4,5,6 (beside the eager numbers of the first lease)
#  rank   tasl with rank-level skill units (granularity=rank) on orders 4,5,6 (issue 11's open targets)
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/runs; B=$X/bert; D=$X/data
export TASL_JAVA_OPTS="-Xmx24g"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=bf16 batch_size=16 eval_batch_size=64 train_per_task=0 protocol=paper executor=threads seed=1 eval_per_task=500"
echo "start $(date +%T)"
t0=$(date +%s)
$G/run.sh org.tasl.sweep.SweepMain out=$R/alone methods=tasl orders=4 $COMMON per_gpu=1 > $R/alone.log 2>&1
echo "alone: $(( $(date +%s) - t0 )) s wall (JVM start and model load included) $(date +%T)"
$G/run.sh org.tasl.sweep.SweepMain out=$R/grid methods=tasl,seqlora orders=4,5,6 $COMMON per_gpu=6 > $R/grid.log 2>&1 &
$G/run.sh org.tasl.sweep.SweepMain out=$R/rank methods=tasl orders=4,5,6 set=granularity=rank $COMMON per_gpu=3 > $R/rank.log 2>&1 &
wait
echo "all done $(date +%T)"; touch $R/done
