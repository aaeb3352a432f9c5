package hepscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hepscan --inspect} through the command line, black-box. */
class InspectCommandTest {
  private static final Path SIMPLE = Path.of("src/test/resources/root/uproot-simple.root");

  @Test
  void printsTheTreeAsJson() throws Exception {
    CliRunner r = CliRunner.run("--inspect", SIMPLE.toString(), "tree", "--first", "4");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode tree = doc.get("trees").get(0);
    assertEquals("tree", tree.get("name").asText());
    assertEquals(4, tree.get("entries").asInt());
    // values of uproot-simple.root as JSROOT reads them (src/test/resources/root/reference)
    JsonNode one = tree.get("branches").get(0);
    assertEquals("one", one.get("name").asText());
    assertEquals("[1,2,3,4]", one.get("stats").get("first").toString());
    assertEquals(10, one.get("stats").get("sum").asLong());
  }

  @Test
  void unreadableFileIsExitOneWithOneLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.root");
    Files.write(bad, new byte[] {'n', 'o', 't', 'r', 'o', 'o', 't', 0, 0, 0});
    CliRunner r = CliRunner.run("--inspect", bad.toString());
    assertEquals(1, r.exitCode());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("hepscan: cannot read " + bad), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void treeArgumentOnlyWithInspect() {
    CliRunner r = CliRunner.run("--csv", "x", "tree");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("only --inspect takes a TREE"), r.err());
  }
}
