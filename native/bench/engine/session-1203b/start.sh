#!/usr/bin/env bash
# Call 6b (carry .device/bertcfg): BERT-base's config and vocabulary beside the unpacked weights,
# then start experiments.sh in the background and return after a first look at it.
set -u; X=/tmp/g
cp .device/bertcfg/{config.json,vocab.txt,tokenizer_config.json} $X/bert/ && ls -la $X/bert
rm -rf $X/runs/*; cd $X && setsid nohup bash $X/s/experiments.sh > $X/runs/experiments.log 2>&1 < /dev/null &
sleep 50; cat $X/runs/experiments.log; tail -3 $X/runs/*.log | cut -c1-300; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader; uptime
