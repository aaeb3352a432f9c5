package hepscan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hepscan.rootio.RootFile;
import hepscan.rootio.RootIOException;
import hepscan.rootio.compress.BlockDecompressor;
import hepscan.rootio.compress.CompressionAlgorithm;
import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.tree.Column;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.LeafShape;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.tree.TBranch;
import hepscan.rootio.tree.TLeaf;
import hepscan.rootio.tree.TreeReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code hepscan --inspect FILE.root [TREE] [--first N]}: one JSON document describing the file's
 * keys and TTrees, with per-leaf statistics, in the same shape and field names as {@code
 * tools/rootcheck/rootcheck.mjs} (JSROOT), so the two can be compared field by field.
 */
public final class InspectAction {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  /** How many bytes of a basket record hold its key header, as rootcheck reads them. */
  private static final int BASKET_HEAD_BYTES = 256;

  private InspectAction() {}

  /**
   * Prints the JSON to {@code out}; returns 0, or 1 with one line on {@code err} when the file
   * cannot be read.
   */
  public static int run(Path file, String treeOrNull, int first, PrintWriter out, PrintWriter err) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      // a FIFO or a device would block the reader forever
      throw new UserError(
          ExitCodes.USAGE,
          java.nio.file.Files.exists(file)
              ? file + " is not a regular file: --inspect reads ROOT files"
              : file + " does not exist");
    }
    try (RootFile root = RootFile.open(file)) {
      ObjectNode doc = describe(root, file, treeOrNull, first);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(doc));
      out.flush();
      return 0;
    } catch (RootIOException e) {
      err.println("hepscan: cannot read " + file + ": " + withoutFilePrefix(e.getMessage(), file));
      err.flush();
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withoutFilePrefix(String message, Path file) {
    String prefix = file + ": ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  static ObjectNode describe(RootFile root, Path file, String treeOrNull, int first)
      throws RootIOException {
    ObjectNode doc = JSON.objectNode();
    doc.put("tool", "hepscan");
    doc.put("reader", "hepscan.rootio");
    doc.put("file", file.toAbsolutePath().toString());
    doc.put("size", root.size());
    doc.put("rootVersion", root.header().version());
    doc.put("largeFile", root.header().largeFile());
    doc.put("trailingBytes", root.size() - root.header().end());
    doc.set("compression", describeCompress(root.header().compress()));
    ArrayNode keys = doc.putArray("keys");
    for (RootFile.Key k : root.keys()) {
      keys.add(describeKey(k.path(), k.header()));
    }
    if (root.streamerInfoKey() != null) {
      // rootcheck lists the StreamerInfo record last, as JSROOT appends its key to the top key
      // list.
      keys.add(describeKey(root.streamerInfoKey().name(), root.streamerInfoKey()));
    }
    Map<String, RootFile.Key> trees = root.highestTreeCycles();
    List<RootFile.Key> selected = new ArrayList<>(trees.values());
    if (treeOrNull != null) {
      selected.removeIf(k -> !k.path().equals(treeOrNull));
      if (selected.isEmpty()) {
        throw new RootIOException(
            file
                + ": no TTree named '"
                + treeOrNull
                + "' (trees: "
                + (trees.isEmpty() ? "none" : String.join(", ", trees.keySet()))
                + ")");
      }
    }
    ArrayNode treeArray = doc.putArray("trees");
    for (RootFile.Key k : selected) {
      treeArray.add(describeTree(root, k, first));
    }
    doc.putArray("messages");
    return doc;
  }

  private static ObjectNode describeKey(String path, KeyHeader h) {
    ObjectNode key = JSON.objectNode();
    key.put("name", path);
    key.put("class", h.className());
    key.put("cycle", h.cycle());
    key.put("title", h.title());
    key.put("objLen", h.objlen());
    key.put("nbytes", h.nbytes());
    return key;
  }

  private static ObjectNode describeTree(RootFile root, RootFile.Key key, int first)
      throws RootIOException {
    TreeReader reader = root.tree(key.path() + ";" + key.header().cycle());
    ObjectNode t = JSON.objectNode();
    t.put("name", key.path());
    t.put("cycle", key.header().cycle());
    t.put("class", reader.model().className());
    t.put("title", reader.model().title());
    t.put("entries", reader.entries());
    TreeSet<String> algorithms = new TreeSet<>();
    ArrayNode branches = t.putArray("branches");
    for (TBranch b : reader.model().allBranches()) {
      ObjectNode br = branches.addObject();
      br.put("name", b.name());
      br.put("title", b.title());
      br.put("class", b.className());
      br.set("compression", describeCompress(b.compress()));
      br.put("baskets", b.writeBasket());
      br.put("entries", b.entries());
      List<LeafInfo> infos = reader.leavesOf(b);
      ArrayNode leaves = br.putArray("leaves");
      for (TLeaf l : b.leaves()) {
        leaves.add(describeLeaf(b, l, infos));
      }
      String algorithm = firstBasketCompression(root, b);
      if (algorithm != null) {
        br.put("firstBasketCompression", algorithm);
        algorithms.add(algorithm);
      }
      // One branch at a time, so memory holds one branch's columns however large the tree.
      Map<String, Column> values =
          infos.isEmpty() ? Map.of() : reader.read(infos.stream().map(LeafInfo::name).toList());
      if (infos.isEmpty()) {
        br.put("skipped", reader.unsupportedReason(b.name()).orElse("not readable"));
      } else if (infos.size() == 1) {
        br.set("stats", stats(values.get(infos.get(0).name()), first));
      } else {
        ObjectNode leafStats = br.putObject("leafStats");
        for (int i = 0; i < infos.size(); i++) {
          leafStats.set(b.leaves().get(i).name(), stats(values.get(infos.get(i).name()), first));
        }
      }
    }
    ArrayNode algos = t.putArray("basketCompression");
    algorithms.forEach(algos::add);
    return t;
  }

  private static ObjectNode describeLeaf(TBranch b, TLeaf l, List<LeafInfo> infos) {
    ObjectNode o = JSON.objectNode();
    o.put("name", l.name());
    o.put("leafClass", l.className());
    boolean vector = b.element() != null && infos.size() == 1;
    // a std::vector branch: its class (e.g. vector<float>) says the element type
    o.put("type", vector ? b.element().className() : l.rootTypeName());
    if (vector) {
      o.put("shape", infos.get(0).shape() == LeafShape.NESTED ? "nested" : "jagged");
    } else if (l.isString()) {
      o.put("shape", "string");
    } else if (l.count() != null) {
      o.put("shape", "jagged");
      o.put("countLeaf", l.count().name());
    } else if (l.len() > 1) {
      o.put("shape", "fixed");
      o.put("length", l.len());
    } else {
      o.put("shape", "scalar");
    }
    return o;
  }

  /** rootcheck's reading of the first basket's compression: the magic after its key header. */
  private static String firstBasketCompression(RootFile root, TBranch b) throws RootIOException {
    if (b.writeBasket() == 0 || b.basketSeek(0) == 0 || b.basketBytes(0) == 0) {
      return b.embedded().isEmpty() ? null : "embedded in TTree record";
    }
    try {
      byte[] head = root.readBytes(b.basketSeek(0), Math.min(b.basketBytes(0), BASKET_HEAD_BYTES));
      KeyHeader key = KeyHeader.read(hepscan.rootio.bytes.RootBuffer.of(head));
      if (b.basketBytes(0) - key.keylen() >= key.objlen()) {
        return "none";
      }
      CompressionAlgorithm a =
          BlockDecompressor.algorithmAt(head, key.keylen(), head.length - key.keylen());
      return a == null ? "unknown" : a.label();
    } catch (RuntimeException e) {
      throw new RootIOException(
          root.path()
              + ": branch '"
              + b.name()
              + "': cannot read its first basket: "
              + e.getMessage(),
          e);
    }
  }

  private static ObjectNode describeCompress(int setting) {
    ObjectNode o = JSON.objectNode();
    int level = setting % 100;
    int algorithm = setting / 100;
    o.put("setting", setting);
    String name =
        switch (algorithm) {
          case 0 -> "global default (zlib)";
          case 1 -> "zlib";
          case 2 -> "lzma";
          case 3 -> "old";
          case 4 -> "lz4";
          case 5 -> "zstd";
          default -> "unknown(" + algorithm + ")";
        };
    o.put("algorithm", level == 0 ? "none" : name);
    o.put("level", level);
    return o;
  }

  private static ObjectNode stats(Column c, int first) {
    LeafInfo info = c.leaf();
    ObjectNode o = JSON.objectNode();
    if (info.shape() == LeafShape.STRING) {
      o.put("count", c.size());
      ArrayNode f = o.putArray("first");
      for (int i = 0; i < Math.min(first, c.size()); i++) {
        f.add(c.getString(i));
      }
      return o;
    }
    boolean floating = info.type() == LeafType.FLOAT || info.type() == LeafType.DOUBLE;
    if (floating) {
      floatStats(c, first, o);
    } else {
      integerStats(c, first, o);
    }
    if (info.shape() == LeafShape.JAGGED || info.shape() == LeafShape.NESTED) {
      int[] offsets = c.offsets();
      BigInteger sum = BigInteger.ZERO;
      Integer min = null;
      Integer max = null;
      ArrayNode f = JSON.arrayNode();
      for (int e = 0; e < c.entries(); e++) {
        int n = offsets[e + 1] - offsets[e];
        sum = sum.add(BigInteger.valueOf(n));
        min = min == null ? n : Math.min(min, n);
        max = max == null ? n : Math.max(max, n);
        if (e < first) {
          f.add(n);
        }
      }
      ObjectNode counts = o.putObject("entryCounts");
      counts.set("sum", integer(sum));
      counts.set("min", min == null ? JSON.nullNode() : JSON.numberNode(min));
      counts.set("max", max == null ? JSON.nullNode() : JSON.numberNode(max));
      counts.set("first", f);
    }
    return o;
  }

  private static void floatStats(Column c, int first, ObjectNode o) {
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    int nan = 0;
    ArrayNode f = JSON.arrayNode();
    for (int i = 0; i < c.size(); i++) {
      double v = c.getDouble(i);
      if (i < first) {
        f.add(floating(v));
      }
      if (Double.isNaN(v)) {
        nan++;
        continue;
      }
      sum += v;
      min = Double.isNaN(min) || v < min ? v : min;
      max = Double.isNaN(max) || v > max ? v : max;
    }
    o.put("count", c.size());
    o.set("sum", floating(sum));
    o.set("min", Double.isNaN(min) ? JSON.nullNode() : floating(min));
    o.set("max", Double.isNaN(max) ? JSON.nullNode() : floating(max));
    o.set("first", f);
    o.put("nanCount", nan);
  }

  private static void integerStats(Column c, int first, ObjectNode o) {
    boolean unsigned64 = c.leaf().type() == LeafType.ULONG;
    BigInteger sum = BigInteger.ZERO;
    long longSum = 0;
    BigInteger min = null;
    BigInteger max = null;
    ArrayNode f = JSON.arrayNode();
    for (int i = 0; i < c.size(); i++) {
      long raw = c.getLong(i);
      BigInteger v =
          unsigned64 && raw < 0 ? BigInteger.valueOf(raw).add(TWO_TO_64) : BigInteger.valueOf(raw);
      if (i < first) {
        f.add(integer(v));
      }
      // Sum in a long, spilling into the BigInteger when the long would overflow.
      if (unsigned64) {
        sum = sum.add(v);
      } else {
        try {
          longSum = Math.addExact(longSum, raw);
        } catch (ArithmeticException overflow) {
          sum = sum.add(BigInteger.valueOf(longSum));
          longSum = raw;
        }
      }
      min = min == null || v.compareTo(min) < 0 ? v : min;
      max = max == null || v.compareTo(max) > 0 ? v : max;
    }
    sum = sum.add(BigInteger.valueOf(longSum));
    o.put("count", c.size());
    o.set("sum", integer(sum));
    o.set("min", min == null ? JSON.nullNode() : integer(min));
    o.set("max", max == null ? JSON.nullNode() : integer(max));
    o.set("first", f);
  }

  /** rootcheck's jsonNumber for integers: a number when exact in a double, else a string. */
  private static com.fasterxml.jackson.databind.JsonNode integer(BigInteger v) {
    return v.abs().compareTo(MAX_SAFE_INTEGER) <= 0
        ? JSON.numberNode(v.longValueExact())
        : JSON.textNode(v.toString());
  }

  /** rootcheck's jsonNumber for doubles: NaN and infinities as strings. */
  private static com.fasterxml.jackson.databind.JsonNode floating(double v) {
    if (Double.isNaN(v)) {
      return JSON.textNode("NaN");
    }
    if (Double.isInfinite(v)) {
      return JSON.textNode(v > 0 ? "Infinity" : "-Infinity");
    }
    return JSON.numberNode(v);
  }
}
