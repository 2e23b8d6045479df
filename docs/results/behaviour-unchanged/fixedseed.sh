#!/usr/bin/env bash
# usage: fixedseed.sh REPO OUTDIR — small fixed-seed CPU runs whose results.json are compared before/after
set -u; R=$1; O=$2; mkdir -p $O
cd $R
for m in tasl taslora seqlora; do
  TASL_DATA=/nonexistent nice -n 10 ./tasl run --method $m --backbone all-minilm-l6-v2 --benchmark builtin \
    --train-per-task 32 --eval-per-task 16 --epochs 1 --seed 7 --device cpu --out $O/$m > $O/$m.log 2>&1
done
