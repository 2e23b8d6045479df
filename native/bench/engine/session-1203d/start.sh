#!/usr/bin/env bash
# Call after ../session-1203/append.sh 1..4 (carry .device/bertcfg): join and unpack the BERT-base
# weights, run the Standard CL run alone on the GPU (alone.sh, real weights), then start
# experiments.sh in the background and poll it (poll.sh) for up to 270 s; poll.sh again after.
set -u; X=/tmp/g
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | sha256sum
mkdir -p $X/bert; cp .device/bertcfg/{config.json,vocab.txt,tokenizer_config.json} $X/bert/
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | xz -d -T16 > $X/shuf.bin && rm -f $X/parts/p*
python3 $X/s/byte_shuffle.py unpack $X/shuf.bin $X/bert/model.safetensors && rm -f $X/shuf.bin
ls -la $X/bert
cp native/bench/engine/session-1203d/*.sh $X/s/
bash $X/s/alone.sh bert alone
tar -C $X/out --exclude='*.safetensors' -czf $OUT/alone.tgz alone alone.log
mkdir -p $X/runs
cd $X && setsid nohup bash $X/s/experiments.sh > $X/runs/experiments.log 2>&1 < /dev/null &
# the machine is given back 30 s after a call ends: this call stays until the runs end or 270 s pass
bash $X/s/poll.sh 270
