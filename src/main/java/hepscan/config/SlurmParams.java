package hepscan.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code slurm} section: resources of each array task. Defaults: no partition and no qos (the
 * cluster's defaults), time {@code 01:00:00}, mem {@code 4G}, 1 cpu, 0 gpus, array_throttle 50 (at
 * most 50 tasks run at once), no additional options.
 *
 * @param time a SLURM time string, e.g. {@code 02:00:00} or {@code 1-00:00:00}
 * @param mem a SLURM memory string, e.g. {@code 8G}
 * @param additionalOptions extra {@code #SBATCH} options, each as written, e.g. {@code
 *     --account=cms}
 */
public record SlurmParams(
    Optional<String> partition,
    Optional<String> qos,
    String time,
    String mem,
    int cpus,
    int gpus,
    int arrayThrottle,
    List<String> additionalOptions) {

  public static final SlurmParams DEFAULT =
      new SlurmParams(Optional.empty(), Optional.empty(), "01:00:00", "4G", 1, 0, 50, List.of());

  public SlurmParams {
    additionalOptions = List.copyOf(additionalOptions);
  }
}
