package hepscan.slurm;

import hepscan.data.MemoryNeed;
import java.util.ArrayList;
import java.util.List;

/**
 * The array task's batch script, a pure function of its inputs (golden-file tested). The script
 * takes the submission round and the array's spec offset as arguments, runs the hepscan worker in
 * the background so that bash can pass SLURM's walltime warning (USR1) and SIGTERM on to it, and
 * writes the task's exit record ({@code tasks/JOB_TASK.exit}) whatever the worker did.
 */
public final class SbatchScript {
  private SbatchScript() {}

  /** The script text. */
  public static String text(
      String name, SbatchOptions options, TaskProgram program, JobPaths paths) {
    String slurmDir = paths.slurmDir().toString();
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/bash\n");
    s.append("# hepscan array task of scan ").append(name).append(". Written by hepscan --submit");
    s.append(" (each submission writes it anew); run as:\n");
    s.append("#   sbatch --array=0-K%THROTTLE hepscan.sbatch ROUND OFFSET\n");
    s.append("# array task i trains the trials of split/").append(name);
    s.append("/roundROUND/task<OFFSET+i>.json\n");
    directive(s, "--job-name=hepscan-" + name);
    directive(s, "--output=" + slurmDir + "/logs/%A_%a.out");
    directive(s, "--error=" + slurmDir + "/logs/%A_%a.err");
    for (String d : options.directives()) {
      directive(s, d);
    }
    s.append("set -u\n");
    s.append("round=$1\n");
    s.append("index=$(($2 + SLURM_ARRAY_TASK_ID))\n");
    s.append("record=").append(quote(paths.taskRecords().toString()));
    s.append("/${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\n");
    s.append("start=$(date +%s)\n");
    s.append("# the job's CPUs, never the node's: for libtorch, OpenMP and the JVM\n");
    s.append("threads=${SLURM_CPUS_PER_TASK:-").append(options.cpus()).append("}\n");
    s.append("export OMP_NUM_THREADS=$threads\n");
    s.append("echo \"hepscan: task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} (job");
    s.append(" $SLURM_JOB_ID) round $round spec $index on $(hostname) threads $threads");
    s.append(" CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-}\"\n");
    s.append(
        "# the job's memory, MB (SLURM_MEM_PER_NODE, or SLURM_MEM_PER_CPU x its CPUs; else the");
    s.append(" submitted mem)\n");
    s.append("memory=${SLURM_MEM_PER_NODE:-$((${SLURM_MEM_PER_CPU:-0} * threads))}\n");
    s.append("[ \"$memory\" -gt 0 ] || memory=").append(options.memoryMegabytes()).append('\n');
    s.append("# the heap's share of it (hepscan.data.MemoryNeed.heapMegabytes, bench/README.md);");
    s.append(" the JVM options\n# of hepscan/jvm.options follow it, as in the launcher; an -Xmx");
    s.append(" in HEPSCAN_JAVA_OPTS\n# comes later on the command line and wins\n");
    long base = MemoryNeed.HEAP_BASE_MB;
    long reserved = MemoryNeed.NATIVE_BASE_MB + MemoryNeed.HEAP_BASE_MB;
    s.append("heap=$((").append(base).append(" + (memory > ").append(reserved);
    s.append(" ? (memory - ").append(reserved).append(") * ").append(MemoryNeed.HEAP_SHARE_PERCENT);
    s.append(" / 100 : 0)))\n");
    s.append("[ $heap -ge ").append(MemoryNeed.MIN_HEAP_MB).append(" ] || heap=");
    s.append(MemoryNeed.MIN_HEAP_MB).append('\n');
    List<String> java = new ArrayList<>();
    java.add(quote(program.java()));
    java.add("-Xmx${heap}m");
    MemoryNeed.jvmOptions().forEach(o -> java.add(quote(o)));
    java.add("-D" + MemoryNeed.MEMORY_PROPERTY + "=$memory");
    java.add("${HEPSCAN_JAVA_OPTS:-}");
    java.add("-XX:ActiveProcessorCount=$threads");
    java.add("-Dai.djl.pytorch.num_threads=$threads");
    java.add("-Dai.djl.pytorch.num_interop_threads=1");
    program.jvmOptions().forEach(o -> java.add(quote(o)));
    java.add("-cp " + quote(program.classPath()));
    java.add("hepscan.cli.Main -C " + quote(paths.workDir().toString()));
    java.add("--worker " + quote(name) + " --round \"$round\" --index \"$index\"");
    // the traps first: a signal between the start of java and the traps would lose the record
    s.append("pid=\n");
    s.append("signal=none\n");
    s.append("interrupted=0\n");
    s.append("# walltime warning: the worker checkpoints its trial after the current epoch\n");
    s.append("trap 'signal=USR1; interrupted=1; kill -USR1 $pid 2>/dev/null' USR1\n");
    s.append("trap 'signal=TERM; interrupted=1; kill -TERM $pid 2>/dev/null' TERM\n");
    s.append(String.join(" \\\n  ", java)).append(" &\n");
    s.append("pid=$!\n");
    // a signal cuts wait short (status 128+n): wait again for the worker's own status; a wait
    // after the worker was reaped says 127 and keeps the status already had
    s.append("rc=1\n");
    s.append("while :; do\n");
    s.append("  interrupted=0\n");
    s.append("  wait $pid\n");
    s.append("  status=$?\n");
    s.append("  [ $status = 127 ] || rc=$status\n");
    s.append("  [ $interrupted = 1 ] && [ $status != 127 ] || break\n");
    s.append("done\n");
    s.append("mkdir -p \"${record%/*}\"\n");
    s.append("printf 'exit=%s signal=%s start=%s seconds=%s round=%s index=%s\\n' \"$rc\"");
    s.append(" \"$signal\" \"$start\" \"$(($(date +%s) - start))\" \"$round\" \"$index\"");
    s.append(" >\"$record.exit.tmp\"\n");
    s.append("mv -f \"$record.exit.tmp\" \"$record.exit\"\n");
    s.append("exit $rc\n");
    return s.toString();
  }

  /** The sbatch command line of one array of round {@code round}. */
  public static List<String> arrayCommand(
      java.nio.file.Path script, Chunks.Shard shard, int throttle, int round) {
    String array = "--array=0-" + (shard.count() - 1) + (throttle > 0 ? "%" + throttle : "");
    return List.of(
        "sbatch",
        "--parsable",
        array,
        script.toString(),
        Integer.toString(round),
        Integer.toString(shard.offset()));
  }

  private static void directive(StringBuilder s, String option) {
    s.append("#SBATCH ").append(option).append('\n');
  }

  /** Single-quoted for bash. */
  static String quote(String s) {
    if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
