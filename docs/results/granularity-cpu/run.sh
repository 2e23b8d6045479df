#!/usr/bin/env bash
set -u; cd /work/main
C="--backbone all-minilm-l6-v2 --epochs 2 --batch-size 8 --lr 5e-3 --constant-lr false --label-loss labels --max-input-tokens 96 --benchmark builtin --tasks count,sentiment,topic,negation --train-per-task 128 --eval-per-task 64 --device cpu"
for g in matrix rank tensor; do
  TASL_DATA=/nonexistent nice -n 10 ./tasl run --method tasl --granularity $g $C --out /tmp/gran/tasl-$g > /tmp/gran/tasl-$g.log 2>&1
done
echo done > /tmp/gran/DONE
