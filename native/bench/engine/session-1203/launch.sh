#!/usr/bin/env bash
# Call 5 (after append.sh 4): join and unpack the weights into /tmp/g/bert, wait for the benchmark to
# finish (it measures speed: nothing else may share the GPU meanwhile), then start every experiment
# (experiments.sh) in the background and return. PREC=bf16|fp32 picks the runs' precision.
set -u; X=/tmp/g
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | sha256sum
mkdir -p $X/bert; cp .device/bert/p4/{config.json,vocab.txt,tokenizer_config.json} $X/bert/
cat $X/parts/p1 $X/parts/p2 $X/parts/p3 $X/parts/p4 | xz -d -T16 > $X/shuf.bin && rm -f $X/parts/p*
python3 $X/s/byte_shuffle.py unpack $X/shuf.bin $X/bert/model.safetensors && rm -f $X/shuf.bin
ls -la $X/bert
for i in $(seq 1 30); do [ -f $X/perf/done ] || [ -f $X/perf/parity.txt ] && break; sleep 5; done
cat $X/perf/perf.log | grep -v "^rep" | cut -c1-400 | tail -40
cd $X && PREC=${PREC:-bf16} setsid nohup bash $X/s/experiments.sh > $X/runs/experiments.log 2>&1 < /dev/null &
sleep 20; cat $X/runs/experiments.log
