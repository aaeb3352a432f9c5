package hepscan.data;

import hepscan.config.Ratios;
import hepscan.util.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assigns each event to training, evaluation or output. The event's uniform number is a hash of
 * (seed, the file's name, the entry number), not a draw from a shared random stream: the split is
 * the same on every run, trial and machine, and adding or removing a file changes nothing for the
 * others. The file's name (not its folder) is used so that moving the data keeps the split.
 */
public final class Splitter {
  public static final byte TRAINING = 0;
  public static final byte EVALUATION = 1;
  public static final byte OUTPUT = 2;

  /** The splits' names, by index. */
  public static final List<String> NAMES = List.of("training", "evaluation", "output");

  private final long seed;
  private final double trainingEdge;
  private final double evaluationEdge;

  public Splitter(long seed, Ratios ratios) {
    this.seed = seed;
    this.trainingEdge = ratios.training();
    this.evaluationEdge = ratios.training() + ratios.evaluation();
  }

  /** A 64-bit key of a file name: the first 8 bytes of its SHA-256. */
  public static long fileKey(String fileName) {
    byte[] d = Hashing.sha256().digest(fileName.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(d).getLong();
  }

  /** The event's number in [0, 1). */
  public double uniform(long fileKey, long entry) {
    long h = mix(mix(seed + 0x9E3779B97F4A7C15L) ^ fileKey);
    h = mix(h ^ (entry * 0xD1B54A32D192ED03L + 0x8CB92BA72F3D8DD7L));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** {@link #TRAINING}, {@link #EVALUATION} or {@link #OUTPUT}. */
  public byte split(long fileKey, long entry) {
    double u = uniform(fileKey, entry);
    return u < trainingEdge ? TRAINING : u < evaluationEdge ? EVALUATION : OUTPUT;
  }

  /** SplitMix64's finaliser: a bijection on 64 bits with full avalanche. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
