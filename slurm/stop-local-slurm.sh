#!/usr/bin/env bash
# stop-local-slurm.sh - stop the daemons that start-local-slurm.sh started.
#
# Only processes named in /run/slurm-local/{slurmd,slurmctld,munged}.pid are
# signalled, and only if the PID still belongs to a process of that name
# (stale PID files are just removed). A munged that was already running
# before start-local-slurm.sh is left alone (it has no PID file there).
#
#   --cancel-jobs   scancel all jobs first and wait (max 15 s) for them to end.
#                   Without it, jobs still running keep running as orphaned
#                   slurmstepd processes after slurmd is gone.
#
# Job state in /var/lib/slurm-local and the config in /etc/slurm are kept, so
# a later start-local-slurm.sh resumes where this one stopped.
set -euo pipefail

RUN_DIR=/run/slurm-local
log() { echo "[stop-local-slurm] $*" >&2; }

if [[ ${1:-} == --cancel-jobs ]] && command -v scancel >/dev/null; then
    if [[ -n $(squeue -h -o %i 2>/dev/null) ]]; then
        log "cancelling all jobs"
        # %F = array job id (plain job id for non-array jobs)
        squeue -h -o %F 2>/dev/null | sort -u | xargs -r scancel 2>/dev/null || true
        for _ in $(seq 30); do [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break; sleep 0.5; done
    fi
fi

# running PID -> true while PID exists and is not a zombie. The daemons are
# reparented to PID 1, which may take seconds to reap them (~1.7 s each here).
running() { [[ -d /proc/$1 && $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != [ZX] ]]; }

# stop NAME: TERM, wait up to 10 s, then KILL
stop() {
    local name=$1 pidfile=$RUN_DIR/$1.pid pid
    if [[ ! -f $pidfile ]]; then
        log "$name: no pid file, not started by start-local-slurm.sh (left alone)"
        return 0
    fi
    pid=$(cat "$pidfile")
    if [[ -z $pid || $(cat "/proc/$pid/comm" 2>/dev/null) != "$name" ]]; then
        log "$name: not running (stale pid file removed)"
        rm -f "$pidfile"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 100); do
        running "$pid" || break
        sleep 0.1
    done
    if running "$pid"; then
        log "$name ($pid) ignored SIGTERM, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
    log "$name ($pid) stopped"
}

# Order: node daemon, controller, then authentication.
stop slurmd
stop slurmctld
stop munged
