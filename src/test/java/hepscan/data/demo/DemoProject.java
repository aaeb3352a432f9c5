package hepscan.data.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small demo project for end-to-end tests: generated samples and the shipped sample list. */
public final class DemoProject {
  private DemoProject() {}

  /**
   * Writes {@code eventsPerSample} events of each demo sample to {@code project/samples/demo/},
   * copies {@code samples/demo.yaml}, creates {@code project/parameters/} and returns the text of
   * the shipped {@code parameters/demo.yaml}, for the test to narrow.
   */
  public static String create(Path project, int eventsPerSample) throws IOException {
    DemoData.generate(
        project.resolve(DemoData.RELATIVE_DIR),
        7,
        eventsPerSample,
        new PrintStream(new ByteArrayOutputStream()));
    Files.createDirectories(project.resolve("parameters"));
    Files.copy(Path.of("samples/demo.yaml"), project.resolve("samples/demo.yaml"));
    return Files.readString(Path.of("parameters/demo.yaml"));
  }
}
