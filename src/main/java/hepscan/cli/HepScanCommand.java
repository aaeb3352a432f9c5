package hepscan.cli;

import hepscan.config.ConfigException;
import hepscan.config.Parameters;
import hepscan.config.ParametersLoader;
import hepscan.config.RankingSettings;
import hepscan.data.demo.DemoData;
import hepscan.model.DeviceChoice;
import hepscan.report.Overtraining;
import hepscan.report.Ranking;
import hepscan.util.WriterOutputStream;
import hepscan.workflow.WorkflowException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code hepscan} command line. Flags keep HHMachineLearning's names; exactly one action flag
 * is given per run, and each action is a small class of its own.
 */
@Command(
    name = "hepscan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    headerHeading = "%n",
    header =
        "Hyperparameter scans of particle-physics classifiers: ROOT trees in, ranked DJL networks out.",
    synopsisHeading = "%n",
    customSynopsis = {
      "Usage: hepscan [-p FILE] [--device DEVICE] --scan NAME",
      "       hepscan [-p FILE] --submit NAME --split N [--dry-run] [--collect] [--time T] [--mem M]",
      "       hepscan [-p FILE] --submit NAME --split N --resubmit slurm/NAME/output/ [--force]",
      "       hepscan [-p FILE] --status NAME",
      "       hepscan [-p FILE] --csv DIR",
      "       hepscan [-p FILE] --report NAME [--allow-overtrained]",
      "       hepscan --zip SRC.zip DST.zip",
      "       hepscan --inspect FILE.root [TREE] [--first N]",
      "       hepscan --completion | --help | --version"
    },
    descriptionHeading = "%n",
    description = {
      "Reads the parameters file (-p), prepares the events of its sample list, trains one network "
          + "per combination of its scan grid and ranks the results."
    },
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {"Exit codes: 0 success, 1 run-time failure, 2 bad usage or bad configuration."})
public final class HepScanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nActions (give one):%n")
  Action action;

  static final class Action {
    @Option(
        names = "--scan",
        paramLabel = "NAME",
        description =
            "Train every grid combination locally, one after another; per-trial CSV and model zip in model/NAME/, ranked into model/NAME.csv. Re-running resumes: finished trials are skipped. NAME 'demo' uses parameters/demo.yaml and generates samples/demo/ when it is missing.")
    String scan;

    @Option(
        names = "--submit",
        paramLabel = "NAME",
        description =
            "Submit the grid to SLURM as array jobs of --split N trials per task: prepares the data once, writes the job specs to split/NAME/ and the script, logs and results to slurm/NAME/ (resources from the parameters file's slurm: section).")
    String submit;

    @Option(
        names = "--status",
        paramLabel = "NAME",
        description =
            "Count the done, running, pending, failed and missing trials of a submission, group the failures by reason and print the next command.")
    String status;

    @Option(names = "--worker", paramLabel = "NAME", hidden = true)
    String worker;

    @Option(
        names = "--csv",
        paramLabel = "DIR",
        description =
            "Concatenate the per-trial CSVs in DIR (model/NAME/ or slurm/NAME/output/) into model/NAME.csv, ranked by the parameters file's eval_criterion.")
    Path csv;

    @Option(
        names = "--report",
        paramLabel = "NAME",
        description =
            "Report on the ranked scan model/NAME.csv: the 10 best trials, the criterion per value and the importance of each varied key on the console; PNG plots and a static page plotting/NAME/index.html; the command that adopts the best model.")
    String report;

    @Option(
        names = "--zip",
        arity = "2",
        paramLabel = "ZIP",
        description =
            "SRC.zip DST.zip: copy a model archive under a new name, renaming its content too, and check that the copy loads and predicts exactly as the source.")
    List<Path> zip;

    @Option(
        names = "--model",
        paramLabel = "NAME",
        description =
            "With --test: apply model/NAME.zip (or a zip path) to the events its training never saw, prepared again with the parameters stored in it; ROOT files in model/NAME/test/ and model/NAME/train/, a summary (AUC, working points, KS overtraining check) and plots in plotting/NAME/.")
    String model;

    @Option(
        names = "--inspect",
        paramLabel = "FILE.root",
        description =
            "Print one JSON document describing a ROOT file: keys, trees, branches, leaf types and per-leaf statistics (same shape as tools/rootcheck). Exit 1 if the file is unreadable.")
    Path inspect;

    @Option(
        names = "--completion",
        description =
            "Print a bash completion script (source it, or put it in /etc/bash_completion.d/).")
    boolean completion;
  }

  @Option(names = "--test", description = "With --model NAME: write the model's test outputs.")
  boolean test;

  @Option(
      names = "--output",
      arity = "1..*",
      paramLabel = "KEY",
      description =
          "With --model NAME: score every event of these sample-list keys (samples not used in training, e.g. data) into model/NAME/output/KEY.root.")
  List<String> outputKeys;

  @Option(
      names = {"-p", "--parameters"},
      paramLabel = "FILE",
      description =
          "The parameters file (default: parameters/parameters.yaml; parameters/demo.yaml for --scan demo).")
  Path parameters;

  @Option(
      names = {"-C", "--work-dir"},
      paramLabel = "DIR",
      description =
          "The project directory: parameters/, samples/ and model/ are found there, and relative paths in the parameters file resolve against it (default: the current directory).")
  Path workDir;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      description =
          "Where to train: auto (the GPU when one is visible, else the CPU), cpu or gpu. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--first",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "With --inspect: how many first values to print per leaf (default ${DEFAULT-VALUE}).")
  int first;

  @CommandLine.Parameters(
      arity = "0..1",
      paramLabel = "TREE",
      description = "With --inspect: only this tree (\"name\" or \"dir/name\").")
  String tree;

  @Option(
      names = "--force",
      description =
          "With --zip: replace DST.zip when it exists. With --resubmit: submit even though the grid or the data changed since the first submission.")
  boolean force;

  @Option(
      names = "--split",
      paramLabel = "N",
      description = "With --submit: trials per array task.")
  Integer split;

  @Option(
      names = "--resubmit",
      paramLabel = "DIR",
      description =
          "With --submit: submit only the trials without a valid result in DIR (slurm/NAME/output/), into the same folder.")
  Path resubmit;

  @Option(
      names = "--dry-run",
      description =
          "With --submit: print the batch script and the sbatch command lines; submit nothing.")
  boolean dryRun;

  @Option(
      names = "--collect",
      description =
          "With --submit: add a job that ranks the results (--csv) when the arrays have ended.")
  boolean collect;

  @Option(
      names = "--time",
      paramLabel = "T",
      description = "With --submit: the tasks' time limit, instead of slurm.time (e.g. 04:00:00).")
  String time;

  @Option(
      names = "--mem",
      paramLabel = "M",
      description = "With --submit: the tasks' memory, instead of slurm.mem (e.g. 16G).")
  String mem;

  @Option(
      names = "--allow-overtrained",
      description =
          "With --report, --scan and --csv: a trial flagged as overtrained (KS p-value below overtraining_ks_pvalue) may be named the best.")
  boolean allowOvertrained;

  @Option(names = "--round", hidden = true)
  int round;

  @Option(names = "--index", hidden = true)
  int index;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of failures.")
  boolean verbose;

  /** Released on an OutOfMemoryError so that the one-line message can still be made. */
  @SuppressWarnings("unused")
  private byte[] memoryReserve = new byte[1 << 20];

  @Override
  public Integer call() throws Exception {
    try {
      return callAction();
    } catch (OutOfMemoryError e) {
      memoryReserve = null; // room to build and print the message in
      System.gc();
      // one line with the fix, not a JVM stack trace
      throw new UserError(
          ExitCodes.FAILURE,
          String.format(
              java.util.Locale.ROOT,
              "out of memory: the Java heap of %d MB is too small for this run (%s). Give more"
                  + " with HEPSCAN_JAVA_OPTS=-Xmx<size> (e.g. -Xmx16g; in a SLURM task raise"
                  + " slurm.mem or --mem: the heap is its share, bench/README.md), or need less: a tighter cut,"
                  + " fewer inputs, a smaller evaluation split",
              Runtime.getRuntime().maxMemory() >> 20,
              e.getMessage() == null ? "no detail" : e.getMessage()),
          e);
    }
  }

  private Integer callAction() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (action.completion) {
      out.print(AutoComplete.bash("hepscan", spec.commandLine()));
      out.flush();
      return ExitCodes.OK;
    }
    PrintWriter err = spec.commandLine().getErr();
    if (tree != null && action.inspect == null) {
      throw new UserError(
          ExitCodes.USAGE, "unexpected argument '" + tree + "': only --inspect takes a TREE");
    }
    if ((test || outputKeys != null) && action.model == null) {
      throw new UserError(ExitCodes.USAGE, "--test and --output go with --model NAME");
    }
    if (action.inspect != null) {
      return InspectAction.run(action.inspect, tree, first, out, err);
    }
    if (action.scan != null) {
      Path workDir = workDir();
      Path parametersFile = parametersFile(action.scan);
      requireFile(parametersFile, workDir);
      if (parameters == null && action.scan.equals("demo")) {
        DemoData.ensure(workDir, new java.io.PrintStream(new WriterOutputStream(out), true));
      }
      return ScanAction.run(
          action.scan,
          loadParameters(parametersFile, workDir),
          workDir,
          deviceChoice(),
          allowOvertrained,
          out,
          System.err);
    }
    if (action.submit != null) {
      Path workDir = workDir();
      Path parametersFile = parametersFile(action.submit);
      return SlurmActions.submit(
          SlurmActions.request(
              action.submit,
              loadParameters(parametersFile, workDir),
              workDir,
              split,
              dryRun,
              resubmit,
              time,
              mem,
              collect,
              force,
              deviceChoice()),
          out);
    }
    if (action.status != null) {
      return SlurmActions.status(workDir(), action.status, parameters, out);
    }
    if (action.worker != null) {
      return SlurmActions.worker(workDir(), action.worker, round, index, out);
    }
    if (action.csv != null) {
      Path file = parametersFile(null);
      requireFile(file, workDir());
      if (!java.nio.file.Files.isDirectory(action.csv)) {
        throw new UserError(ExitCodes.USAGE, "result folder " + action.csv + " does not exist");
      }
      RankingSettings settings = ReportAction.rankingSettings(file);
      Ranking ranking = new Ranking(settings.criterion().key(), settings.criterion().ascending());
      return CsvAction.run(
          action.csv,
          ranking,
          new Overtraining(settings.overtrainingKsPvalue(), allowOvertrained),
          workDir().resolve("model"),
          out);
    }
    if (action.report != null) {
      Path file = parametersFile(action.report);
      requireFile(file, workDir());
      return ReportAction.run(action.report, workDir(), file, allowOvertrained, out);
    }
    if (action.zip != null) {
      return ZipAction.run(action.zip.get(0), action.zip.get(1), force, out);
    }
    if (action.model != null) {
      if (test == (outputKeys != null)) {
        throw new UserError(
            ExitCodes.USAGE,
            "--model "
                + action.model
                + " needs one of --test (its test outputs) or --output KEY... (other samples)");
      }
      return test
          ? TestAction.run(action.model, workDir(), force, deviceChoice(), out)
          : TestAction.output(action.model, outputKeys, workDir(), deviceChoice(), out);
    }
    throw new IllegalStateException("no action selected");
  }

  /**
   * The parameters file: -p, else parameters/demo.yaml for the demo scan, else
   * parameters/parameters.yaml.
   */
  private Path parametersFile(String scanName) {
    if (parameters != null) {
      return parameters;
    }
    return workDir()
        .resolve("parameters")
        .resolve("demo".equals(scanName) ? "demo.yaml" : "parameters.yaml");
  }

  private Path workDir() {
    return (workDir == null ? Path.of("") : workDir).toAbsolutePath().normalize();
  }

  private void requireFile(Path file, Path workDir) {
    if (java.nio.file.Files.isRegularFile(file)) {
      return;
    }
    if (parameters != null) {
      throw new UserError(
          ExitCodes.USAGE,
          "parameters file "
              + file.toAbsolutePath().normalize()
              + " not found"
              + (file.isAbsolute()
                  ? ""
                  : ": a relative -p is taken from the current directory "
                      + Path.of("").toAbsolutePath()
                      + (this.workDir == null ? "" : ", not from -C " + workDir)));
    }
    throw new UserError(
        ExitCodes.USAGE,
        "parameters file "
            + file
            + " not found in "
            + workDir
            + ": run hepscan from the project directory, or give -C DIR or -p FILE");
  }

  private Parameters loadParameters(Path file, Path workDir) {
    requireFile(file, workDir);
    try {
      return ParametersLoader.load(file, workDir);
    } catch (ConfigException e) {
      throw new UserError(
          ExitCodes.USAGE,
          "invalid configuration:\n" + e.getMessage().indent(2).stripTrailing(),
          e);
    }
  }

  private DeviceChoice deviceChoice() {
    try {
      return DeviceChoice.parse(device);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCodes.USAGE, e.getMessage(), e);
    }
  }

  /** Builds the picocli command line with hepscan's error handling. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    HepScanCommand command = new HepScanCommand();
    CommandLine cl = new CommandLine(command);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, line, parseResult) -> {
          int code =
              ex instanceof UserError u
                  ? u.exitCode()
                  : ex instanceof WorkflowException w && w.badInput()
                      ? ExitCodes.USAGE
                      : ExitCodes.FAILURE;
          String message =
              ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
          if (!(ex instanceof UserError)
              && !(ex instanceof WorkflowException)
              && !(ex instanceof java.io.IOException)) {
            message = "internal error: " + ex + " (run with -v for the stack trace)";
          }
          line.getErr().println("hepscan: " + message);
          if (command.verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            line.getErr().print(trace);
          }
          line.getErr().flush();
          return code;
        });
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          e.println("hepscan: " + ex.getMessage());
          e.println("Run 'hepscan --help' for the options.");
          e.flush();
          return ExitCodes.USAGE;
        });
    return cl;
  }

  /**
   * Runs the command line; all output goes to {@code out} and {@code err}. Returns the exit code.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
