package hepscan.workflow;

import hepscan.config.ConfigException;
import hepscan.config.EarlyStoppingParams;
import hepscan.config.Parameters;
import hepscan.config.ReduceLrParams;
import hepscan.data.DataException;
import hepscan.data.DataPreparation;
import hepscan.data.MemoryNeed;
import hepscan.data.TestData;
import hepscan.data.TrainingData;
import hepscan.model.DeviceChoice;
import hepscan.model.EarlyStopping;
import hepscan.model.Hyperparameters;
import hepscan.model.Monitor;
import hepscan.model.MonitorMode;
import hepscan.model.ReduceLr;
import hepscan.model.Trainer;
import hepscan.model.TrainingInput;
import hepscan.scan.Grid;
import hepscan.scan.ScanData;
import hepscan.scan.ScanPlan;
import hepscan.util.CanonicalText;
import hepscan.util.Hashing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * From a parameters file to what a scan trains: the plan (grid and shared settings), checked before
 * any work, and the prepared data. The same for a local scan, a submission and an array task, so
 * that all three agree on trial ids and data.
 */
public final class ScanSetup {
  private ScanSetup() {}

  private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

  /** Refuses a scan name that cannot be a file name. */
  public static void checkName(String name) {
    if (!name.matches(NAME_PATTERN)) {
      throw new WorkflowException(
          true,
          "scan name '"
              + name
              + "' is invalid: it names files, so it must start with a letter or a digit, go on"
              + " with letters, digits, '.', '_' and '-', and have at most 100 characters");
    }
  }

  /**
   * The grid and the shared training settings of {@code params}, every combination checked to make
   * a network: no failure after an hour.
   */
  public static ScanPlan plan(String name, Parameters params, DeviceChoice device) {
    ScanPlan plan;
    try {
      EarlyStopping es = params.earlyStopping().map(ScanSetup::earlyStopping).orElse(null);
      ReduceLr rlr = params.reduceLr().map(ScanSetup::reduceLr).orElse(null);
      Grid grid = new Grid(params.scan(), params.repetition(), params.seed());
      // what every trial shares and a stored result must match to be reused
      String settings = settingsIdentity(es, rlr, params.seed());
      plan =
          new ScanPlan(
              name,
              grid,
              es,
              rlr,
              device,
              Hashing.sha256Hex(settings).substring(0, 16),
              params.packing().auto() ? ScanPlan.PACK_AUTO : params.packing().size());
      plan.grid().trials(); // a grid too large to expand is said here, with its sizes
    } catch (IllegalArgumentException e) {
      throw new WorkflowException(true, params.file() + ": scan: " + e.getMessage(), e);
    }
    // Value by value, not trial by trial: only these two keys constrain each other.
    for (Map<String, Object> combination :
        plan.grid().coveringCombinations(Set.of("loss_function", "output_activation"))) {
      try {
        Hyperparameters.fromMap(combination);
      } catch (IllegalArgumentException e) {
        throw new WorkflowException(
            true,
            params.file() + ": scan combination " + describe(combination) + ": " + e.getMessage(),
            e);
      }
    }
    return plan;
  }

  private static String describe(Map<String, Object> combination) {
    StringBuilder sb = new StringBuilder();
    combination.forEach(
        (k, v) ->
            sb.append(sb.length() == 0 ? "" : " ")
                .append(k)
                .append('=')
                .append(CanonicalText.value(v)));
    return sb.toString();
  }

  /**
   * What every trial shares and a stored result must match to be reused, spelled from explicit
   * fields with the parameters file's own names, so that renaming a class or a record component
   * never changes it.
   */
  static String settingsIdentity(EarlyStopping es, ReduceLr rlr, long seed) {
    String early =
        es == null
            ? "none"
            : String.join(
                ",",
                "monitor=" + es.monitor().key(),
                "min_delta=" + es.minDelta(),
                "patience=" + es.patience(),
                "mode=" + es.mode().key());
    String reduce =
        rlr == null
            ? "none"
            : String.join(
                ",",
                "monitor=" + rlr.monitor().key(),
                "factor=" + rlr.factor(),
                "patience=" + rlr.patience(),
                "min_delta=" + rlr.minDelta(),
                "cooldown=" + rlr.cooldown(),
                "min_lr=" + rlr.minLr());
    return "early_stopping=" + early + ";reduce_lr=" + reduce + ";seed=" + seed;
  }

  /**
   * Creates {@code dir} and checks that it can be written, before any work: a read-only results
   * folder is said at once, not after the data preparation or a whole trial.
   */
  public static void requireWritable(Path dir, String what) {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (IOException e) {
      throw new WorkflowException(
          false, "cannot create " + dir + " (" + what + "): " + hepscan.util.AtomicFiles.reason(e));
    }
    if (!java.nio.file.Files.isWritable(dir)) {
      throw new WorkflowException(false, dir + " is not writable, and " + what + " go there");
    }
  }

  /** A missing GPU is said before the data are read, not once per trial. */
  public static void checkDevice(DeviceChoice device) {
    try {
      Trainer.device(device);
    } catch (hepscan.model.EngineStartException e) {
      throw new WorkflowException(false, e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new WorkflowException(true, e.getMessage(), e);
    }
  }

  /**
   * The hash the events of {@code params} will have once prepared, from the parameters and each
   * file's name, size and head and tail (two small reads per file): enough to find the finished
   * trials without reading any data.
   */
  public static String dataHash(Parameters params) {
    return hepscan.data.DataCache.key(params);
  }

  /**
   * Prepares (or reads from the cache) the events of {@code params}.
   *
   * @param log where the preparation reports what it read
   */
  public static ScanData prepare(Parameters params, Path workDir, PrintStream log)
      throws IOException {
    MemoryFit fit = checkMemory(params, workDir);
    int streamBlock = fit.streamBlockEvents();
    TrainingData prepared =
        dataErrors(() -> DataPreparation.prepareForTraining(params, workDir, log));
    if (streamBlock > 0) {
      log.printf(
          Locale.ROOT,
          "data: the training split does not fit in memory whole: it is streamed from the cache in"
              + " shuffled blocks of %,d events (README, \"Data larger than the memory\")%n",
          streamBlock);
    }
    if (fit.unpacked()) {
      log.println(unpackedNote(params, "the memory"));
    }
    return new ScanData(
        new TrainingInput(
            prepared.training(),
            prepared.evaluation(),
            prepared.scaler(),
            prepared.classNames().size(),
            streamBlock),
        prepared.featureNames(),
        params.inputs(),
        prepared.oneHotCategories(),
        prepared.classNames(),
        prepared.dataHash(),
        java.nio.file.Files.readString(params.file()),
        fit.unpacked());
  }

  /** The line that says packs do not fit in {@code where} and the trials train alone. */
  private static String unpackedNote(Parameters params, String where) {
    return "data: packs of "
        + params.packing().size()
        + " trials (pack: "
        + params.packing().size()
        + ") do not fit in "
        + where
        + ", the trials alone do: they train one after another, the data resident (a pack is only"
        + " a speed-up; streaming the data would be slower)";
  }

  /**
   * The prepared events of {@code params} for test outputs (from the cache when it holds them, read
   * a block at a time), with the data layer's errors as workflow errors: a configuration error is
   * bad input (exit 2).
   */
  public static TestData testData(Parameters params, Path workDir, PrintStream log) {
    return dataErrors(() -> DataPreparation.prepareForTesting(params, workDir, log));
  }

  /** A preparation of the data layer. */
  private interface Preparation<T> {
    T run() throws ConfigException, DataException;
  }

  /** Runs {@code preparation} with the data layer's errors as workflow errors. */
  private static <T> T dataErrors(Preparation<T> preparation) {
    try {
      return preparation.run();
    } catch (ConfigException e) {
      throw new WorkflowException(
          true, "invalid configuration:\n" + e.getMessage().indent(2).stripTrailing(), e);
    } catch (DataException e) {
      throw new WorkflowException(e.badInput(), e.getMessage(), e);
    }
  }

  /**
   * The system property that turns {@link #checkMemory} off ({@code -Dhepscan.memoryCheck=off}):
   * for data whose memory differs from the demo's measured figures.
   */
  public static final String MEMORY_CHECK_PROPERTY = "hepscan.memoryCheck";

  /**
   * Refuses, before the data are prepared or read, a scan whose data cannot fit in this JVM's heap
   * ({@link Runtime#maxMemory}) or in the memory the launcher or the SLURM task says is available
   * ({@value MemoryNeed#MEMORY_PROPERTY}, MB): exit code 2 with the figures and the fixes, instead
   * of an OutOfMemoryError halfway. Packs of {@code pack: K} that do not fit are given up first
   * (the trials train alone, the data resident); cached data that fit only with the training split
   * streamed from the cache are not refused.
   *
   * @return how they fit: whole, whole with the trials unpacked, or streamed
   */
  public static MemoryFit checkMemory(Parameters params, Path workDir) {
    if ("off".equals(System.getProperty(MEMORY_CHECK_PROPERTY))) {
      return MemoryFit.WHOLE;
    }
    long memory = 0;
    String given = System.getProperty(MemoryNeed.MEMORY_PROPERTY);
    if (given != null) {
      try {
        memory = Long.parseLong(given.strip()) << 20;
      } catch (NumberFormatException e) {
        // not given by the launcher as a number: only the heap is checked
      }
    }
    return fit(params, workDir, Runtime.getRuntime().maxMemory(), memory, "");
  }

  /**
   * How a scan's data fit the memory.
   *
   * @param streamBlockEvents 0: the training split is held whole; else it is streamed from the
   *     cache in blocks of this many events (its trials train alone)
   * @param unpacked the packs {@code pack: K} asks for do not fit, the trials alone do: they train
   *     one after another with the data resident
   * @param refusal why nothing fits; null when the data fit
   */
  public record MemoryFit(int streamBlockEvents, boolean unpacked, String refusal) {
    /** The data fit whole, packed as {@code pack:} asks. */
    public static final MemoryFit WHOLE = new MemoryFit(0, false, null);
  }

  /**
   * The decision, from the needs alone (tested with made-up figures): the data as {@code pack:}
   * asks ({@code packed}, the same as {@code data} without packs); else, when packs were asked for,
   * the trials alone with the data resident, since a pack is only a speed-up and streaming is
   * slower; else, when {@code streamed} is not null (the data are cached), the training split
   * streamed in blocks of {@code block} events; else a refusal.
   */
  static MemoryFit fitting(
      MemoryNeed data,
      MemoryNeed packed,
      MemoryNeed streamed,
      int block,
      long heapBytes,
      long memoryBytes) {
    Optional<String> refusal = packed.refusal(heapBytes, memoryBytes);
    if (refusal.isEmpty()) {
      return MemoryFit.WHOLE;
    }
    if (!packed.equals(data) && data.refusal(heapBytes, memoryBytes).isEmpty()) {
      return new MemoryFit(0, true, null);
    }
    if (streamed != null) {
      // a streamed training split is never packed: its trials train alone
      Optional<String> streamedRefusal = streamed.refusal(heapBytes, memoryBytes);
      if (streamedRefusal.isEmpty()) {
        return new MemoryFit(block, false, null);
      }
      refusal = streamedRefusal;
    }
    return new MemoryFit(0, false, refusal.get());
  }

  /**
   * How the data of {@code params} fit a heap of {@code heapBytes} and (when above 0) {@code
   * memoryBytes} of memory ({@link #fitting}).
   *
   * @throws WorkflowException (bad input) saying why even streamed data do not fit
   */
  private static MemoryFit fit(
      Parameters params, Path workDir, long heapBytes, long memoryBytes, String what) {
    MemoryNeed data = DataPreparation.memoryNeed(params, workDir);
    MemoryNeed packed =
        data.packed(
            params.packing().auto() ? 1 : params.packing().size(),
            params.ratios().training(),
            MemoryNeed.bytesPerEvent(params.inputs().size(), params.otherVariables().size()));
    int block = 0;
    MemoryNeed streamed = null;
    if (packed.refusal(heapBytes, memoryBytes).isPresent()
        && data.refusal(heapBytes, memoryBytes).isPresent()
        && DataPreparation.isCached(params, workDir)) {
      block = streamBlockEvents();
      streamed =
          data.streamed(
              DataPreparation.trainingFeatureShare(params), params.inputs().size(), block);
    }
    MemoryFit fit = fitting(data, packed, streamed, block, heapBytes, memoryBytes);
    if (fit.refusal() == null) {
      return fit;
    }
    throw new WorkflowException(
        true,
        params.file()
            + ": "
            + what
            + fit.refusal()
            + " (-D"
            + MEMORY_CHECK_PROPERTY
            + "=off in HEPSCAN_JAVA_OPTS skips this check)");
  }

  /**
   * The events of a streamed block: {@value MemoryNeed#STREAM_BLOCK_PROPERTY} when it is a positive
   * number, else {@link MemoryNeed#STREAM_BLOCK_EVENTS}.
   */
  private static int streamBlockEvents() {
    String given = System.getProperty(MemoryNeed.STREAM_BLOCK_PROPERTY);
    if (given != null) {
      try {
        int block = Integer.parseInt(given.strip());
        if (block > 0) {
          return block;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new WorkflowException(
          true,
          "-D"
              + MemoryNeed.STREAM_BLOCK_PROPERTY
              + "="
              + given
              + " is not a positive number of events; give e.g. "
              + MemoryNeed.STREAM_BLOCK_EVENTS
              + " or leave it out");
    }
    return MemoryNeed.STREAM_BLOCK_EVENTS;
  }

  /**
   * Refuses a submission whose array tasks would not hold the data in their memory ({@code
   * slurm.mem} or {@code --mem}, MB; the task's heap is {@link MemoryNeed#heapMegabytes} of it):
   * said once at submission, not by every task when it starts. Returns the line to say when the
   * tasks hold the data but not the packs asked for (they then train their trials alone).
   */
  public static Optional<String> checkTaskMemory(
      Parameters params, Path workDir, long taskMegabytes) {
    if ("off".equals(System.getProperty(MEMORY_CHECK_PROPERTY))) {
      return Optional.empty();
    }
    MemoryFit fit =
        fit(
            params,
            workDir,
            MemoryNeed.heapMegabytes(taskMegabytes) << 20,
            taskMegabytes << 20,
            "each array task's memory (slurm.mem or --mem, " + taskMegabytes + "M) is too small: ");
    return fit.unpacked()
        ? Optional.of(unpackedNote(params, "each array task's memory (" + taskMegabytes + "M)"))
        : Optional.empty();
  }

  private static EarlyStopping earlyStopping(EarlyStoppingParams p) {
    return new EarlyStopping(
        Monitor.parse(p.monitor()), p.minDelta(), p.patience(), MonitorMode.parse(p.mode()));
  }

  private static ReduceLr reduceLr(ReduceLrParams p) {
    return new ReduceLr(
        Monitor.parse(p.monitor()),
        p.factor(),
        p.patience(),
        p.minDelta(),
        p.cooldown(),
        p.minLr());
  }
}
