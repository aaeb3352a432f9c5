package hepscan.cli;

import hepscan.model.DeviceChoice;
import hepscan.output.ModelTester;
import hepscan.util.WriterOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code hepscan --model NAME --test} and {@code --output KEY...}: the last step of
 * HHMachineLearning's workflow.
 */
final class TestAction {
  private TestAction() {}

  static int run(String model, Path workDir, boolean force, DeviceChoice device, PrintWriter out)
      throws IOException {
    PrintStream log = new PrintStream(new WriterOutputStream(out), true);
    ModelTester.Result r = ModelTester.test(model, workDir, force, device, log, System.err);
    r.files()
        .forEach((file, entries) -> log.println("wrote " + file + " (" + entries + " events)"));
    log.println("wrote " + r.summaryFile());
    r.plots().forEach(p -> log.println("wrote " + p));
    log.flush();
    return ExitCodes.OK;
  }

  static int output(
      String model, List<String> keys, Path workDir, DeviceChoice device, PrintWriter out)
      throws IOException {
    PrintStream log = new PrintStream(new WriterOutputStream(out), true);
    Map<Path, Long> files = ModelTester.output(model, keys, workDir, device, log, System.err);
    files.forEach((file, entries) -> log.println("wrote " + file + " (" + entries + " events)"));
    log.flush();
    return ExitCodes.OK;
  }
}
