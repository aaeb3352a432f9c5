package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by {@link RootFileWriter}, read back by JSROOT through rootcheck. */
class RootFileWriterTest {
  @TempDir Path dir;

  @BeforeAll
  static void needsJsroot() {
    RootCheck.assumeAvailable();
  }

  @Test
  void smallDoubleTree() throws Exception {
    Path file = dir.resolve("small.root");
    double[] x = {1.5, 2.5, -3.25};
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("tree", "a title", List.of(new BranchSpec("x", LeafType.DOUBLE)));
      t.append(x);
      w.finish();
    }
    JsonNode json = RootCheck.read(file);
    System.out.println(json.toPrettyString());
    JsonNode tree = json.get("trees").get(0);
    assertEquals(3, tree.get("entries").asLong());
    ExpectedStats.check("x", LeafType.DOUBLE, x, tree.get("branches").get(0).get("stats"));
    assertTrue(json.get("messages").isEmpty());
  }
}
