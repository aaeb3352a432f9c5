#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2016,SC2012  # pass||fail idiom, job-side $VARS, ls|wc
# selftest-local-slurm.sh - smoke test of the local cluster (start-local-slurm.sh
# must have run). Exercises what a hyperparameter-scan driver needs: arrays,
# throttling, --parsable, scancel of a pending task, failed-task detection,
# afterok/afterany dependencies, --gres=gpu, --time. Exit status 0 = all passed.
# Array sizes adapt to the cluster's MaxArraySize (read from `scontrol show
# config`; indices 0..MaxArraySize-1 are accepted), which must be at least 4.
#   SELFTEST_SLOW=1  also wait for a --time=1 job to be killed (adds ~90 s)
set -uo pipefail

W=$(mktemp -d /tmp/slurm-selftest.XXXXXX)
cd "$W" || exit 1
fails=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
# wait_done JOBID [TIMEOUT]: until squeue lists no pending/running task of it
wait_done() {
    local end=$((SECONDS + ${2:-120}))
    while ((SECONDS < end)); do
        [[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return 0
        sleep 0.3
    done
    return 1
}
# state JOBID_TASK -> "STATE EXITCODE" from slurmctld (valid for MinJobAge s)
state() { scontrol -o show job "$1" 2>/dev/null | grep -oE '(JobState|ExitCode)=[^ ]+' | cut -d= -f2 | paste -sd' '; }
# max number of overlapping [start,end] intervals in files with "id start end"
max_overlap() { cat "$@" | awk '{print $2, 1; print $3, -1}' | sort -k1,1n -k2,2n | awk '{c += $2; if (c > m) m = c} END {print m + 0}'; }
T='s=$(date +%s.%N); sleep 1; echo $SLURM_ARRAY_TASK_ID $s $(date +%s.%N)'

# Array sizes: the wanted number of tasks, capped at MaxArraySize.
MAS=$(scontrol show config 2>/dev/null | awk '$1 == "MaxArraySize" {print $3}')
[[ $MAS =~ ^[0-9]+$ ]] || { echo "FAIL cannot read MaxArraySize from 'scontrol show config'"; exit 1; }
((MAS >= 4)) || { echo "FAIL the selftest needs MaxArraySize >= 4 (cluster has $MAS)"; exit 1; }
cap() { echo $(($1 < MAS ? $1 : MAS)); }
N1=$(cap 6) N2=$(cap 10) N3=$(cap 6)
CPUS=$(sinfo -h -o %c | head -1)

# 0. MaxArraySize: largest index accepted is MaxArraySize-1
j=$(sbatch --parsable --array=$((MAS - 1)) -o /dev/null --wrap true 2>&1)
[[ $j =~ ^[0-9]+$ ]] && pass "MaxArraySize=$MAS: --array=$((MAS - 1)) accepted" || fail "--array=$((MAS - 1)): '$j'"
e=$(sbatch --parsable --array="0-$MAS" -o /dev/null --wrap true 2>&1) && fail "--array=0-$MAS accepted: $e" \
    || pass "--array=0-$MAS rejected: ${e#sbatch: error: }"

# 1. plain array + --parsable
j=$(sbatch --parsable --array=0-$((N1 - 1)) --cpus-per-task=1 -o 'a_%A_%a.out' \
    --wrap 'echo task $SLURM_ARRAY_TASK_ID on $(hostname); sleep 2')
[[ $j =~ ^[0-9]+$ ]] && pass "sbatch --parsable -> $j" || fail "--parsable gave '$j'"
wait_done "$j"
n=$(grep -l "^task [0-9]* on $(hostname -s)" a_"${j}"_*.out 2>/dev/null | wc -l)
((n == N1)) && pass "array 0-$((N1 - 1)): $N1 outputs" || fail "array 0-$((N1 - 1)): $n/$N1 outputs"

# 2. throttle
j=$(sbatch --parsable --array=0-$((N2 - 1))%2 -o 't_%A_%a.out' --wrap "$T")
j1=$(sbatch --parsable --array=0-2%1 -o 'u_%A_%a.out' --wrap "$T")
wait_done "$j"; wait_done "$j1"
m=$(max_overlap t_"$j"_*.out); m1=$(max_overlap u_"$j1"_*.out)
n=$(ls t_"$j"_*.out | wc -l)
((n == N2 && m <= 2)) && pass "array 0-$((N2 - 1))%2 on $CPUS CPUs: $N2 outputs, max $m concurrent" \
    || fail "0-$((N2 - 1))%2: $n/$N2 outputs, $m concurrent"
((m1 == 1)) && pass "array 0-2%1: max 1 concurrent" || fail "0-2%1: $m1 concurrent"

# 3. scancel of a pending task: each task takes half the node's CPUs (rounded
# up), so at most 2 run at once and the last one still waits for CPUs at 1 s.
c=$((N3 - 1))
j=$(sbatch --parsable --array=0-$c --cpus-per-task=$(((CPUS + 1) / 2)) -o 'c_%A_%a.out' --wrap 'sleep 2; echo ok')
sleep 1
scancel "${j}_$c"
wait_done "$j"
if [[ ! -e c_${j}_$c.out && $(ls c_"$j"_*.out | wc -l) == "$c" ]]; then
    pass "scancel ${j}_$c while pending: $c outputs, task $c never ran"
else fail "scancel pending task"; fi
[[ -z $(state "${j}_$c") ]] && pass "cancelled pending task leaves no job record" \
    || echo "INFO cancelled pending task record: $(state "${j}_$c")"

# 4. failing task + marker files + dependencies
j=$(sbatch --parsable --array=0-3 -o 'f_%A_%a.out' --wrap \
    'if [ $SLURM_ARRAY_TASK_ID = 2 ]; then exit 3; fi; touch done_${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}')
ok=$(sbatch --parsable --dependency=afterok:"$j" -o 'ok_%j.out' --wrap 'echo ran')
any=$(sbatch --parsable --dependency=afterany:"$j" -o 'any_%j.out' --wrap 'ls done_* | wc -l')
jg=$(sbatch --parsable --array=0-1 -o 'g_%A_%a.out' --wrap 'sleep 1; echo ok')
okg=$(sbatch --parsable --dependency=afterok:"$jg" -o 'okg_%j.out' --wrap 'echo collected')
wait_done "$j"; wait_done "$any"; wait_done "$okg"
[[ $(state "${j}_2") == "FAILED 3:0" ]] && pass "failed task: scontrol says FAILED 3:0" || fail "failed task state '$(state "${j}_2")'"
[[ $(state "${j}_1") == "COMPLETED 0:0" ]] && pass "ok task: COMPLETED 0:0" || fail "ok task state '$(state "${j}_1")'"
squeue -h --states=all -j "$j" -o '%K %T' | grep -q '^2 FAILED' && pass "squeue --states=all shows 2 FAILED" || fail "squeue --states=all"
[[ $(ls done_"$j"_* | wc -l) == 3 ]] && pass "marker files: 3 of 4" || fail "marker files"
grep -q "ArrayJobId=$j ArrayTaskId=2 .*ExitCode=3:0" /var/log/slurm-local/jobcomp.log 2>/dev/null \
    && pass "jobcomp.log has the failed task" || fail "jobcomp.log lacks the failed task"
[[ $(cat any_"$any".out 2>/dev/null) == 3 ]] && pass "afterany collector ran after the array" || fail "afterany collector"
[[ $(cat okg_"$okg".out 2>/dev/null) == collected ]] && pass "afterok collector ran after a good array" || fail "afterok collector"
sleep 1
r=$(squeue -h -j "$ok" -o '%T %r')
[[ $r == "PENDING DependencyNeverSatisfied" ]] && pass "afterok on failed array: $r" || fail "afterok on failed array: '$r'"
scancel "$ok"

# 5. GPUs (fake): 2 per node, CUDA_VISIBLE_DEVICES set
if sinfo -h -o %G | grep -q gpu; then
    j=$(sbatch --parsable --array=0-3 --gres=gpu:1 -o 'gpu_%A_%a.out' --wrap 'echo $CUDA_VISIBLE_DEVICES; sleep 1')
    wait_done "$j"
    v=$(cat gpu_"$j"_*.out | sort | uniq -c | awk '{printf "%s:%s ", $2, $1}')
    [[ $v == "0:2 1:2 " ]] && pass "--gres=gpu:1 x4: CUDA_VISIBLE_DEVICES $v" || fail "gres: '$v'"
    sbatch --parsable --gres=gpu:99 --wrap true >/dev/null 2>&1 && fail "gpu:99 accepted" || pass "--gres=gpu:99 rejected at submit"
fi

# 6. --time
j=$(sbatch --parsable --time=0:05 -o /dev/null --wrap 'sleep 300')
tl=$(scontrol -o show job "$j" | grep -oE 'TimeLimit=[^ ]+')
[[ $tl == TimeLimit=00:01:00 ]] && pass "--time=0:05 accepted, rounded up to $tl" || fail "--time: $tl"
if [[ ${SELFTEST_SLOW:-0} == 1 ]]; then
    t0=$SECONDS; wait_done "$j" 200
    [[ $(state "$j") == "TIMEOUT 0:15" ]] && pass "killed for time limit after $((SECONDS - t0)) s" || fail "timeout state '$(state "$j")'"
else
    scancel "$j"
fi

echo "selftest: $fails failure(s), workdir $W"
((fails == 0)) && rm -rf "$W"
exit $((fails > 0))
