package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.RootTree;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where JSROOT is wrong, hepscan's values are checked against independently derived ones.
 *
 * <p>JSROOT reads Char_t[N]/UChar_t[N] fixed arrays as C strings, dropping every element from the
 * first 0 byte of an entry on (rootcheck marks those stats with a {@code note}). In uproot's sample
 * files the generator wrote {@code ai1[j] = i1 + j + 1} and {@code au1[j] = u1 + j + 1} for {@code
 * j = 0..2} (visible in the first entries of every file: i1 = -15 gives ai1 = -14, -13, -12). So
 * each entry is checked against that rule, and the JSROOT figures are reproduced from hepscan's
 * values by dropping what a C string would drop: the counts and sums then match exactly. (The other
 * known quirk, Long64_t below -2^31, does not occur in these files: every Long64_t here lies in
 * [-15, 99].)
 */
class JsrootQuirksTest {

  static Stream<Path> sampleFiles() throws Exception {
    return RootTestFiles.all().stream()
        .filter(p -> p.getFileName().toString().startsWith("uproot-sample-"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleFiles")
  void charArraysFollowTheGeneratorAndExplainJsrootsFigures(Path file) throws Exception {
    JsonNode reference = new ObjectMapper().readTree(RootTestFiles.reference(file).toFile());
    int notes = 0;
    try (RootFile f = RootFile.open(file)) {
      RootTree t = f.tree("sample");
      for (String[] pair : new String[][] {{"ai1", "i1"}, {"au1", "u1"}}) {
        Column array = t.read(pair[0]);
        Column scalar = t.read(pair[1]);
        assertEquals(30, array.entries());
        assertEquals(90, array.size());
        long cStringCount = 0;
        long cStringSum = 0;
        for (int e = 0; e < 30; e++) {
          boolean ended = false;
          for (int j = 0; j < 3; j++) {
            long v = array.getLong(3 * e + j);
            assertEquals(scalar.getLong(e) + j + 1, v, pair[0] + " entry " + e + " element " + j);
            ended |= v == 0;
            if (!ended) {
              cStringCount++;
              cStringSum += v;
            }
          }
        }
        JsonNode stats = branch(reference, pair[0]).get("stats");
        assertEquals(stats.get("count").asLong(), cStringCount, pair[0] + " JSROOT count");
        assertEquals(stats.get("sum").asLong(), cStringSum, pair[0] + " JSROOT sum");
        notes += stats.has("note") ? 1 : 0;
      }
    }
    assertTrue(notes >= 1, "expected JSROOT's C-string note on ai1");
  }

  private static JsonNode branch(JsonNode reference, String name) {
    for (JsonNode b : reference.get("trees").get(0).get("branches")) {
      if (b.get("name").asText().equals(name)) {
        return b;
      }
    }
    throw new AssertionError("no branch " + name + " in the reference");
  }
}
