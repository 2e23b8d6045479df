#!/usr/bin/env bash
# Runs a command and samples its resident memory (VmRSS of the process and its children, from
# /proc) every few seconds, to see whether a run's memory stays flat.
#   tools/memory/sample_rss.sh [-i SECONDS] [-o SAMPLES.tsv] [-m MAX_MB] -- COMMAND [ARGS...]
# Prints (stderr) and writes: elapsed seconds, RSS in MB, the last progress line the command
# printed that contains "step" (so a sample can be matched to a task and step). At the end it
# prints the start, peak and last RSS. -m kills the command when its RSS passes MAX_MB (a
# guard for measuring a leaking build on a shared machine). The command's output goes to
# SAMPLES.tsv.log.
set -euo pipefail
interval=3; out=rss-samples.tsv; max_mb=0
while [ $# -gt 0 ]; do
  case "$1" in
    -i) interval="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -m) max_mb="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-i SECONDS] [-o FILE] [-m MAX_MB] -- COMMAND [ARGS...]" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "$0: no command given" >&2; exit 2; }
log="$out.log"
"$@" >"$log" 2>&1 &
pid=$!
rss_tree_kb() {  # VmRSS of pid and all its descendants, in kB
  local total=0 p kb
  for p in $1 $(pgrep -P "$1" 2>/dev/null || true); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
t0=$(date +%s.%N)
printf 'seconds\trss_mb\tlast_step\n' >"$out"
start=0; peak=0; last=0
while kill -0 "$pid" 2>/dev/null; do
  kb=$(rss_tree_kb "$pid")
  mb=$((kb / 1024))
  [ "$mb" -gt 0 ] || { sleep "$interval"; continue; }
  [ "$start" -gt 0 ] || start=$mb
  [ "$mb" -gt "$peak" ] && peak=$mb
  last=$mb
  step=$(grep -a "step" "$log" 2>/dev/null | tail -n 1 | tr '\t\r' '  ' | cut -c1-100 || true)
  printf '%.0f\t%d\t%s\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$mb" "$step" | tee -a "$out" >&2
  if [ "$max_mb" -gt 0 ] && [ "$mb" -gt "$max_mb" ]; then
    echo "RSS ${mb} MB passed the guard of ${max_mb} MB: killing $pid" >&2
    kill "$pid" 2>/dev/null || true
  fi
  sleep "$interval"
done
wait "$pid" && rc=0 || rc=$?
echo "rss_mb start=$start peak=$peak last=$last (peak - start = $((peak - start)) MB), exit $rc; samples in $out" >&2
