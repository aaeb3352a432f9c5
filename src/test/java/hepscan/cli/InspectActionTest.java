package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.rootio.RootTestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --inspect action end to end: tree selection, --first, exit code and one-line errors. */
class InspectActionTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Path file, String tree, int first) {
    return InspectAction.run(file, tree, first, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void selectsOneTreeAndPrintsTheFirstValuesAsked() throws Exception {
    assertEquals(0, run(RootTestFiles.file("uproot-nesteddirs.root"), "one/tree", 2));
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertEquals(1, doc.get("trees").size());
    JsonNode tree = doc.get("trees").get(0);
    assertEquals("one/tree", tree.get("name").asText());
    assertEquals("[1,2]", tree.get("branches").get(0).get("stats").get("first").toString());
    assertEquals(
        "[\"uno\",\"dos\"]", tree.get("branches").get(2).get("stats").get("first").toString());
    assertEquals("", err.toString());
  }

  @Test
  void unknownTreeIsExitOneWithOneLine() {
    Path file = RootTestFiles.file("uproot-HZZ.root");
    assertEquals(1, run(file, "evnts", 5));
    assertEquals(
        "hepscan: cannot read "
            + file
            + ": no TTree named 'evnts' (trees: events)"
            + System.lineSeparator(),
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void unreadableFileIsExitOneWithOneLine(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("text.root");
    Files.writeString(file, "hello, not ROOT at all\n".repeat(10));
    assertEquals(1, run(file, null, 5));
    assertEquals(
        "hepscan: cannot read "
            + file
            + ": not a ROOT file (no \"root\" magic at byte 0)"
            + System.lineSeparator(),
        err.toString());
    assertTrue(out.toString().isEmpty());
  }
}
