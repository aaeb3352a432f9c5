package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hepscan.cli.InspectAction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hepscan's {@code --inspect} output against the JSON that CERN's JSROOT (through tools/rootcheck)
 * produced for every real test file: keys, trees, branches and leaves must be identical; per-leaf
 * counts, min, max, first values and entry counts exactly equal; integer sums exactly equal;
 * floating sums within 1e-12 relative (both are plain double sums in entry order).
 *
 * <p>Exceptions, where JSROOT is known to be wrong and the value is checked in {@link
 * JsrootQuirksTest} against independently derived values instead:
 *
 * <ul>
 *   <li>Char_t[N]/UChar_t[N] fixed arrays, which JSROOT reads as C strings (the reference carries a
 *       {@code note}): only the leaf description is compared here.
 *   <li>Double32_t/Float16_t leaves (TLeafD32, TLeafF16), which JSROOT's treeProcess does not read
 *       from a plain TBranch (the reference says {@code skipped}): only the description is compared
 *       here, the values are checked in {@code tree.Double32Float16Test} against ROOT's packing
 *       arithmetic, uproot's expected values and the file's higher-precision branches.
 * </ul>
 *
 * <p>Files JSROOT cannot read at all have no reference and are skipped here, each with the reason
 * and the test that checks its values instead ({@link #JSROOT_UNREADABLE}).
 */
class RootcheckReferenceTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double RELATIVE_SUM_TOLERANCE = 1e-12;

  /** The reason rootcheck gives for branches of leaf classes JSROOT's treeProcess cannot read. */
  private static final Pattern JSROOT_UNREAD_LEAVES =
      Pattern.compile("leaf class (TLeafD32|TLeafF16) not readable by JSROOT treeProcess");

  /** Test files JSROOT 7.11.2 fails on, with why and where their values are checked instead. */
  static final Map<String, String> JSROOT_UNREADABLE =
      Map.of(
          "uproot-issue413.root",
          "JSROOT fails on go-hep's TLeafD class version 1 (byte count mismatch);"
              + " values checked in LegacyClassVersionsTest",
          "uproot-small-dy-nooffsets.root",
          "JSROOT cannot read baskets whose entry offsets ROOT generates (kGenerateOffsetMap);"
              + " values checked against the twin file in GeneratedOffsetsTest");

  static Stream<Path> files() throws IOException {
    return RootTestFiles.all().stream();
  }

  static JsonNode inspect(Path file) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = InspectAction.run(file, null, 5, new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, code, "inspect failed: " + err);
    return MAPPER.readTree(out.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void inspectMatchesJsroot(Path file) throws IOException {
    String unreadable = JSROOT_UNREADABLE.get(file.getFileName().toString());
    if (unreadable != null) {
      assertTrue(Files.notExists(RootTestFiles.reference(file)), "a reference exists after all");
      assertEquals(List.of(), skippedBranches(inspect(file)), "hepscan reads every branch");
      Assumptions.abort(unreadable);
    }
    JsonNode expected = MAPPER.readTree(RootTestFiles.reference(file).toFile());
    JsonNode actual = inspect(file);
    List<String> diffs = new ArrayList<>();
    for (String field :
        List.of("size", "rootVersion", "largeFile", "trailingBytes", "compression", "keys")) {
      same(field, expected.get(field), actual.get(field), diffs);
    }
    JsonNode et = expected.get("trees");
    JsonNode at = actual.get("trees");
    assertEquals(et.size(), at.size(), "number of trees");
    int branchesCompared = 0;
    for (int t = 0; t < et.size(); t++) {
      JsonNode e = et.get(t);
      JsonNode a = at.get(t);
      String where = "tree " + e.get("name").asText();
      for (String field :
          List.of("name", "cycle", "class", "title", "entries", "basketCompression")) {
        same(where + "." + field, e.get(field), a.get(field), diffs);
      }
      assertEquals(
          e.get("branches").size(), a.get("branches").size(), where + ": number of branches");
      for (int b = 0; b < e.get("branches").size(); b++) {
        compareBranch(where, e.get("branches").get(b), a.get("branches").get(b), diffs);
        branchesCompared++;
      }
    }
    assertTrue(
        diffs.isEmpty(),
        file.getFileName() + ": " + diffs.size() + " differences:\n" + String.join("\n", diffs));
    assertTrue(branchesCompared > 0 || et.size() == 0, "nothing compared");
  }

  private static List<String> skippedBranches(JsonNode inspected) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : inspected.get("trees")) {
      for (JsonNode b : t.get("branches")) {
        if (b.has("skipped")) {
          out.add(b.get("name").asText() + ": " + b.get("skipped").asText());
        }
      }
    }
    return out;
  }

  private static void compareBranch(String tree, JsonNode e, JsonNode a, List<String> diffs) {
    String where = tree + " branch " + e.get("name").asText();
    for (String field :
        List.of(
            "name",
            "title",
            "class",
            "compression",
            "baskets",
            "entries",
            "leaves",
            "firstBasketCompression")) {
      same(where + "." + field, e.get(field), a.get(field), diffs);
    }
    if (e.has("skipped")) {
      if (JSROOT_UNREAD_LEAVES.matcher(e.get("skipped").asText()).matches()) {
        return;
      }
      if (!a.has("skipped")) {
        diffs.add(
            where + ": JSROOT skipped it (" + e.get("skipped").asText() + ") but hepscan read it");
      }
      return;
    }
    if (a.has("skipped")) {
      diffs.add(where + ": hepscan skipped it: " + a.get("skipped").asText());
      return;
    }
    if (e.has("stats")) {
      compareStats(where, e.get("stats"), a.get("stats"), diffs);
    } else {
      Iterator<Map.Entry<String, JsonNode>> it = e.get("leafStats").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> leaf = it.next();
        compareStats(
            where + "." + leaf.getKey(),
            leaf.getValue(),
            a.path("leafStats").get(leaf.getKey()),
            diffs);
      }
    }
  }

  private static void compareStats(String where, JsonNode e, JsonNode a, List<String> diffs) {
    if (a == null || a.isMissingNode()) {
      diffs.add(where + ": no stats from hepscan");
      return;
    }
    if (e.has("note")) {
      return; // JSROOT quirk: see JsrootQuirksTest
    }
    for (String field : List.of("count", "min", "max", "first", "nanCount", "entryCounts")) {
      same(where + ".stats." + field, e.get(field), a.get(field), diffs);
    }
    JsonNode es = e.get("sum");
    JsonNode as = a.get("sum");
    if (es == null) {
      return;
    }
    if (e.has("nanCount")) {
      double x = es.asDouble();
      double y = as.asDouble();
      if (!(Math.abs(x - y) <= RELATIVE_SUM_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)))) {
        diffs.add(where + ".stats.sum: JSROOT " + x + ", hepscan " + y);
      }
    } else {
      same(where + ".stats.sum", es, as, diffs);
    }
  }

  /** Equality of JSON values where numbers compare by value (1 == 1.0) and strings exactly. */
  private static void same(String where, JsonNode e, JsonNode a, List<String> diffs) {
    if (!equalJson(e, a)) {
      diffs.add(where + ": JSROOT " + e + ", hepscan " + a);
    }
  }

  static boolean equalJson(JsonNode e, JsonNode a) {
    if (e == null || a == null) {
      return e == a;
    }
    if (e.isNumber() && a.isNumber()) {
      return new BigDecimal(e.asText()).compareTo(new BigDecimal(a.asText())) == 0;
    }
    if (e.isArray() && a.isArray()) {
      if (e.size() != a.size()) {
        return false;
      }
      for (int i = 0; i < e.size(); i++) {
        if (!equalJson(e.get(i), a.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (e.isObject() && a.isObject()) {
      if (e.size() != a.size()) {
        return false;
      }
      Iterator<String> names = e.fieldNames();
      while (names.hasNext()) {
        String n = names.next();
        if (!equalJson(e.get(n), a.get(n))) {
          return false;
        }
      }
      return true;
    }
    return e.equals(a);
  }
}
