#!/usr/bin/env bash
# Calls 6+: wait up to $1 seconds (less if everything ends), then report progress and copy every small
# result file (no adapters, no step events) to $OUT/results.tgz.
set -u; X=/tmp/g; R=$X/runs; G=/tmp/tasl-gpu-run/tasl-gpu
for i in $(seq 1 $(( $1 / 10 ))); do [ -f $R/done ] && break; sleep 10; done
date +%T; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader; uptime
for s in table order1 seeds; do echo "== $s"; TASL_JAVA_OPTS=-Xmx1g $G/run.sh org.tasl.sweep.SweepMain status=$R/$s 2>&1 | tail -45 | cut -c1-200; done
echo "== permuted"; grep '"type":"result"' $R/tasl-permuted.log | cut -c1-400
echo "== localize"; tail -2 $R/localize.log | cut -c1-300; head -c 1500 $R/localize.json
echo "== tune"; grep -h "^eval-both\|\"type\":\"result\"" $R/tune-*.log | cut -c1-200 | head -40; for f in $R/tune-*.log; do echo "$f $(grep -c eval-both $f)"; done
cd $R && tar --exclude='*.safetensors' --exclude='events.jsonl' -czf $OUT/results.tgz . 2>/dev/null
(cd $X && tar -czf $OUT/perf.tgz perf) 2>/dev/null; ls -la $OUT
