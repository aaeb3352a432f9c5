package hepscan.slurm;

import hepscan.config.SlurmParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources of every array task of one submission round: the parameters file's {@code slurm:}
 * section, with {@code --time}/{@code --mem} given on the command line taking precedence.
 */
public record SbatchOptions(
    Optional<String> partition,
    Optional<String> qos,
    String time,
    String mem,
    int cpus,
    int gpus,
    int throttle,
    List<String> additional) {

  public SbatchOptions {
    additional = List.copyOf(additional);
    if (timeSeconds(time).isEmpty()) {
      throw new IllegalArgumentException(
          "time '"
              + time
              + "' is not a SLURM time: use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS");
    }
    if (timeSeconds(time).getAsLong() == 0) {
      throw new IllegalArgumentException(
          "time '" + time + "' means no limit to SLURM: give the tasks a limit, e.g. 04:00:00");
    }
    if (megabytes(mem).isEmpty() || megabytes(mem).getAsLong() == 0) {
      throw new IllegalArgumentException(
          "mem '"
              + mem
              + "' is not a SLURM memory size for a task: use e.g. 4000, 4000M, 8G or 1T");
    }
  }

  /** From the {@code slurm:} section; a present override replaces the file's value. */
  public static SbatchOptions of(
      SlurmParams p, Optional<String> timeOverride, Optional<String> memOverride) {
    return new SbatchOptions(
        p.partition(),
        p.qos(),
        timeOverride.orElse(p.time()),
        memOverride.orElse(p.mem()),
        p.cpus(),
        p.gpus(),
        p.arrayThrottle(),
        p.additionalOptions());
  }

  private static final Pattern TIME =
      Pattern.compile("(?:(\\d{1,6})-)?(\\d{1,9})(?::(\\d{1,9}))?(?::(\\d{1,9}))?");

  /** Seconds of a SLURM time string, as sbatch reads it; empty when it is not one. */
  public static OptionalLong timeSeconds(String time) {
    Matcher m = TIME.matcher(time.trim());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long a = Long.parseLong(m.group(2));
    Long b = m.group(3) == null ? null : Long.parseLong(m.group(3));
    Long c = m.group(4) == null ? null : Long.parseLong(m.group(4));
    long seconds;
    if (m.group(1) != null) { // days-hours[:minutes[:seconds]]
      seconds = a * 3600 + (b == null ? 0 : b * 60) + (c == null ? 0 : c);
    } else if (b == null) { // minutes
      seconds = a * 60;
    } else if (c == null) { // minutes:seconds
      seconds = a * 60 + b;
    } else { // hours:minutes:seconds
      seconds = a * 3600 + b * 60 + c;
    }
    return OptionalLong.of(days * 86400 + seconds);
  }

  // as SLURM's str_to_mbytes: a unit letter, optionally followed by B; no unit = megabytes
  private static final Pattern MEM =
      Pattern.compile("(\\d{1,12})(?:([KMGT])B?)?", Pattern.CASE_INSENSITIVE);

  /** Megabytes of a SLURM memory string (no unit: megabytes); empty when it is not one. */
  public static OptionalLong megabytes(String mem) {
    Matcher m = MEM.matcher(mem.trim());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    long v = Long.parseLong(m.group(1));
    return OptionalLong.of(
        switch (m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> (v + 1023) / 1024;
          case "G" -> v * 1024;
          case "T" -> v * 1024 * 1024;
          default -> v;
        });
  }

  /**
   * Seconds before the time limit at which SLURM sends the walltime warning (USR1): two minutes,
   * but at most a quarter of the limit (SLURM's checks run about once a minute, so short limits
   * need the earliest warning they can get).
   */
  public int warningSeconds() {
    long limit = timeSeconds(time).orElseThrow();
    return (int) Math.max(30, Math.min(120, limit / 4));
  }

  /** The {@code #SBATCH} lines of these resources, in a fixed order. */
  List<String> directives() {
    List<String> d = new ArrayList<>();
    partition.ifPresent(p -> d.add("--partition=" + p));
    qos.ifPresent(q -> d.add("--qos=" + q));
    d.add("--time=" + time);
    d.add("--mem=" + mem);
    d.add("--cpus-per-task=" + cpus);
    if (gpus > 0) {
      d.add("--gres=gpu:" + gpus);
    }
    d.add("--signal=B:USR1@" + warningSeconds());
    d.addAll(additional);
    return d;
  }

  /** Java heap for a task: 70 % of its memory (libtorch's native memory needs the rest). */
  long memoryMegabytes() {
    return megabytes(mem).orElseThrow();
  }
}
