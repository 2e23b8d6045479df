#!/usr/bin/env bash
# The fourth lease's CL runs with the final code (CUDA graphs, multi-tensor step updates, attention
# without cuDNN's kernel), settings of leases 1-3 (BERT-base with its MLM head, all 1000 train rows,
# 3 epochs, lr 1e-3, bf16, batch 16, paper protocol: free decoding + exact match, seed 1):
#  grid   tasl, seqlora, olora, mtl, replay on Standard CL orders 4,5,6 (500 dev rows per task)
#  olora  O-LoRA on Long Sequence orders 1,2,3 (200 dev rows per task; failed in lease 3)
set -u
X=/tmp/g; G=/tmp/tasl-gpu-run/tasl-gpu; R=$X/runs; B=$X/bert; D=$X/data
export TASL_JAVA_OPTS="-Xmx24g"
COMMON="backbone=$B benchmark=long-sequence data_dir=$D device=gpu precision=bf16 batch_size=16 eval_batch_size=64 train_per_task=0 protocol=paper executor=threads seed=1"
rm -f $R/done; echo "start $(date +%T)"
timeout 560 $G/run.sh org.tasl.sweep.SweepMain out=$R/grid methods=tasl,seqlora,olora,mtl,replay orders=4,5,6 eval_per_task=500 $COMMON per_gpu=8 > $R/grid.log 2>&1 &
timeout 560 $G/run.sh org.tasl.sweep.SweepMain out=$R/olora methods=olora orders=1,2,3 eval_per_task=200 $COMMON per_gpu=3 > $R/olora.log 2>&1 &
wait
echo "done $(date +%T)"; touch $R/done
