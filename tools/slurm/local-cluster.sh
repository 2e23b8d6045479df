#!/usr/bin/env bash
# tools/slurm/local-cluster.sh start|stop|status: a real single-node Slurm cluster on localhost,
# for trying `./tasl sweep --executor slurm` and for the test suite.
#
#   start   installs Debian's slurm-wlm and munge when missing (root, apt-get), writes
#           /etc/slurm/slurm.conf (only when absent or written by this script), starts munged,
#           slurmctld and slurmd, and waits until the node accepts jobs. Idempotent.
#   stop    stops the daemons this script started (by their pid files).
#   status  prints sinfo, or exits 1 when no cluster answers.
#
# One node named after this host, at 127.0.0.1, with $TASL_SLURM_CPUS CPUs (default 2), one
# partition "debug". No cgroups, no accounting database: proctrack/linuxproc, task/none,
# select/cons_tres. State, spool and daemon logs live in $TASL_SLURM_DIR (default /var/tmp/tasl-slurm).
set -euo pipefail

DIR="${TASL_SLURM_DIR:-/var/tmp/tasl-slurm}"
CPUS="${TASL_SLURM_CPUS:-2}"
CONF=/etc/slurm/slurm.conf
MARK="# written by tasl tools/slurm/local-cluster.sh"

say() { echo "local-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

install_missing() {
  local need=()
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1 \
    || need+=(slurm-wlm)
  command -v munged >/dev/null 2>&1 || need+=(munge)
  [ ${#need[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "${need[*]} missing and not root: install them (apt-get install slurm-wlm munge) or run as root"
  command -v apt-get >/dev/null 2>&1 || die "${need[*]} missing and no apt-get on this machine"
  say "installing ${need[*]} (apt-get)"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
    || die "apt-get install ${need[*]} failed"
}

write_conf() {
  local host mem
  host="$(hostname -s)"
  # slurmd refuses a node whose RealMemory exceeds what it finds; leave a margin.
  mem=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) * 9 / 10 ))
  mkdir -p /etc/slurm "$DIR/state" "$DIR/spool" "$DIR/log"
  if [ -f "$CONF" ] && ! grep -qF "$MARK" "$CONF"; then
    die "$CONF exists and was not written by this script: not touching a real cluster's config"
  fi
  cat > "$CONF.tmp" <<EOF
$MARK
ClusterName=tasl-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
KillWait=10
MinJobAge=300
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  if id munge >/dev/null 2>&1; then
    chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/log/munge /var/lib/munge
    chmod 0400 /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  else
    chmod 0400 /etc/munge/munge.key
    /usr/sbin/munged --force --pid-file=/run/munge/munged.pid
  fi
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "munged did not start (see /var/log/munge/munged.log)"
}

wait_idle() {
  local host state
  host="$(hostname -s)"
  for _ in $(seq 60); do
    state="$(sinfo -h -n "$host" -o %T 2>/dev/null | head -1 || true)"
    case "$state" in
      idle*|mixed*|allocated*) return 0 ;;
      down*|drain*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "node $host did not become idle (state '$state'); logs in $DIR/log"
}

start() {
  install_missing
  write_conf
  start_munge
  if ! alive "$DIR/slurmctld.pid"; then
    say "starting slurmctld"
    slurmctld -c >/dev/null 2>&1 || slurmctld >/dev/null 2>&1 || die "slurmctld did not start (see $DIR/log/slurmctld.log)"
  fi
  for _ in $(seq 50); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
  if ! alive "$DIR/slurmd.pid"; then
    say "starting slurmd"
    slurmd >/dev/null 2>&1 || die "slurmd did not start (see $DIR/log/slurmd.log)"
  fi
  wait_idle
  say "up: $(sinfo -h -o '%P %D node(s) %c CPUs %T' | head -1)"
}

stop() {
  local f
  for f in "$DIR/slurmd.pid" "$DIR/slurmctld.pid"; do
    if alive "$f"; then kill "$(cat "$f")"; fi
  done
  for _ in $(seq 50); do
    alive "$DIR/slurmd.pid" || alive "$DIR/slurmctld.pid" || break
    sleep 0.2
  done
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo 2>/dev/null || { say "no cluster answers"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
