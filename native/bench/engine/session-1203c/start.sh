#!/usr/bin/env bash
# Call 6 (carry .device/bertcfg, after ../session-1203/append.sh 1..4): join and unpack the weights,
# put BERT-base's config and vocabulary beside them, start experiments.sh in the background.
set -u; X=/tmp/g
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | sha256sum
mkdir -p $X/bert; cp .device/bertcfg/{config.json,vocab.txt,tokenizer_config.json} $X/bert/
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | xz -d -T16 > $X/shuf.bin && rm -f $X/parts/p*
python3 $X/s/byte_shuffle.py unpack $X/shuf.bin $X/bert/model.safetensors && rm -f $X/shuf.bin
ls -la $X/bert
cp native/bench/engine/session-1203c/*.sh $X/s/
rm -rf $X/runs/*; cd $X && setsid nohup bash $X/s/experiments.sh > $X/runs/experiments.log 2>&1 < /dev/null &
sleep 60; cat $X/runs/experiments.log; tail -5 $X/runs/*.log | cut -c1-300; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
