#!/usr/bin/env bash
# Wait up to $1 seconds (less if everything ends), report each sweep's status and the step count of
# every running cell, and copy every small result file (no adapters, no step events) to $OUT.
set -u; X=/tmp/g; R=$X/runs; G=/tmp/tasl-gpu-run/tasl-gpu
for i in $(seq 1 $(( $1 / 10 ))); do [ -f $R/done ] && break; sleep 10; done
date +%T; cat $R/experiments.log; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader; uptime
for s in grid olora; do [ -d $R/$s ] || continue; echo "== $s"; TASL_JAVA_OPTS=-Xmx1g $G/run.sh org.tasl.sweep.SweepMain status=$R/$s 2>&1 | tail -18 | cut -c1-200; done
for f in $R/*/logs/*.log; do echo "$(basename $f) $(grep -c '"type":"step"' $f) steps, $(grep -c task_completed $f) tasks"; done
cd $R && tar --exclude='*.safetensors' --exclude='events.jsonl' -czf $OUT/results.tgz . 2>/dev/null; ls -la $OUT
