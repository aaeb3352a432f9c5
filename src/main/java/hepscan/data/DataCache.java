package hepscan.data;

import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.util.AtomicFiles;
import hepscan.util.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The prepared arrays on disk, at {@code model/cache/<suffix>-<key prefix>.bin}, keyed by a sha256
 * of everything that shaped them ({@link #key}). A changed input gives another key, hence another
 * file: a stale cache is never read.
 *
 * <p>Format (little-endian): magic {@code HEPSCAND}, int format version, the full key, then the
 * {@link PreparedData} fields (strings as int length + UTF-8; arrays as int length + values), then
 * a CRC-32C of every preceding byte. A file with a wrong magic, version, key or checksum, or cut
 * short, is reported and rebuilt. Written atomically (temporary file, then rename).
 */
public final class DataCache {
  /** Bump when the layout or the preparation's semantics change: old files are then ignored. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = "HEPSCAND".getBytes(StandardCharsets.US_ASCII);
  private static final java.nio.ByteOrder ORDER = java.nio.ByteOrder.LITTLE_ENDIAN;

  private DataCache() {}

  /**
   * sha256 of: the format version; cut, weight, inputs, outputs, other_variables, negative_weights,
   * strict, ratios, seed; the sample list and JSON contents; every sample's key, tree, tag and
   * signal flag; every file's absolute path, size, modification time, xsec and event-weight sum.
   */
  public static String key(Parameters p) {
    StringBuilder sb = new StringBuilder();
    field(sb, "format", FORMAT_VERSION);
    field(sb, "cut", p.cut());
    field(sb, "weight", p.weight());
    field(sb, "inputs", p.inputs());
    field(sb, "outputs", p.outputs());
    field(sb, "other_variables", p.otherVariables());
    field(sb, "negative_weights", p.negativeWeights());
    field(sb, "strict", p.strict());
    field(
        sb, "ratios", List.of(p.ratios().training(), p.ratios().evaluation(), p.ratios().output()));
    field(sb, "seed", p.seed());
    field(sb, "sample_list", p.samples().contentHash());
    for (Sample s : p.samples().samples()) {
      field(sb, "sample", List.of(s.key(), s.tree(), s.tag(), s.signal()));
      for (SampleFile f : s.files()) {
        Path abs = f.path().toAbsolutePath().normalize();
        Object size = "missing";
        Object mtime = "missing";
        try {
          BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
          size = a.size();
          mtime = a.lastModifiedTime().toMillis();
        } catch (IOException e) {
          // a missing file fails later, when it is read; the key just must not match a stale cache
        }
        field(sb, "file", List.of(abs.toString(), size, mtime, f.xsec(), f.eventWeightSum()));
      }
    }
    return Hashing.sha256Hex(sb.toString());
  }

  /** Length-prefixed so that no two different inputs give the same text. */
  private static void field(StringBuilder sb, String name, Object value) {
    String v = String.valueOf(value);
    sb.append(name).append(' ').append(v.length()).append(':').append(v).append('\n');
  }

  public static Path file(Path baseDir, String suffix, String key) {
    return baseDir
        .resolve("model")
        .resolve("cache")
        .resolve(suffix + "-" + key.substring(0, 16) + ".bin");
  }

  /** The cached data, or null when there is none or it is unusable (then a warning says why). */
  public static PreparedData read(Path file, String key, PrintStream log) {
    String problem;
    // mapped, not read: no second copy of a file that may be GBs; the rename on write leaves a
    // mapped old file intact
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        log.println(
            "warning: data cache "
                + file
                + " is larger than 2 GiB, which this version cannot map; rebuilding");
        return null;
      }
      ByteBuffer bb = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ORDER);
      problem = check(bb, key);
      if (problem == null) {
        try {
          return decode(bb.limit((int) size - 4));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
          problem = "inconsistent content (" + e + ")";
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      problem = "cannot read (" + e.getMessage() + ")";
    }
    log.println("warning: data cache " + file + " is unusable: " + problem + "; rebuilding it");
    return null;
  }

  /**
   * Null when {@code bb} (whole file) has a valid checksum, magic, version and key; else the
   * problem.
   */
  private static String check(ByteBuffer bb, String key) {
    int length = bb.capacity();
    if (length < MAGIC.length + 8) {
      return "too short (" + length + " bytes)";
    }
    CRC32C crc = new CRC32C();
    crc.update(bb.duplicate().limit(length - 4));
    if ((int) crc.getValue() != bb.getInt(length - 4)) {
      return "checksum mismatch (truncated or corrupted)";
    }
    byte[] magic = new byte[MAGIC.length];
    bb.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      return "not a hepscan data cache";
    }
    int version = bb.getInt();
    if (version != FORMAT_VERSION) {
      return "format version " + version + ", expected " + FORMAT_VERSION;
    }
    String stored = string(bb);
    return stored.equals(key) ? null : "key " + stored + " does not match " + key;
  }

  public static void write(Path file, PreparedData d, PrintStream log) {
    long featureBytes = 0;
    for (SplitArrays a : List.of(d.training(), d.evaluation(), d.output())) {
      featureBytes += 4L * a.features().length;
    }
    if (featureBytes > Integer.MAX_VALUE) {
      // the features alone are too big: don't write gigabytes only to delete them
      log.println(
          "warning: the prepared data exceed 2 GiB, which the cache cannot hold; not cached");
      return;
    }
    try {
      AtomicFiles.write(file, raw -> encode(raw, d));
      if (Files.size(file) > Integer.MAX_VALUE) {
        // read() maps the file in one buffer: keeping it would mean a rebuild on every run
        Files.delete(file);
        log.println(
            "warning: the prepared data exceed 2 GiB, which the cache cannot hold; not cached");
        return;
      }
      log.println("data: cached in " + file);
    } catch (IOException e) {
      // the cache is an optimisation: failing to write it must not fail the scan
      log.println("warning: cannot write the data cache " + file + ": " + e.getMessage());
    }
  }

  private static void encode(OutputStream raw, PreparedData d) throws IOException {
    CRC32C crc = new CRC32C();
    Out out = new Out(new CheckedOutputStream(raw, crc));
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    string(out, d.dataHash());
    strings(out, d.featureNames());
    strings(out, d.inputExpressions());
    strings(out, d.classNames());
    strings(out, d.otherVariableNames());
    out.writeInt(d.oneHotCategories().size());
    for (var e : d.oneHotCategories().entrySet()) {
      string(out, e.getKey());
      longs(out, e.getValue().stream().mapToLong(Long::longValue).toArray());
    }
    out.writeInt(d.files().size());
    for (PreparedFile f : d.files()) {
      string(out, f.path().toString());
      string(out, f.sampleKey());
      string(out, f.tag());
      out.writeBoolean(f.signal());
      out.writeDouble(f.xsec());
      out.writeDouble(f.eventWeightSum());
    }
    for (SplitArrays s : List.of(d.training(), d.evaluation(), d.output())) {
      out.writeInt(s.nEvents());
      out.writeInt(s.nFeatures());
      floats(out, s.features());
      ints(out, s.labels());
      floats(out, s.weights());
    }
    for (EventInfo e : List.of(d.trainingEvents(), d.evaluationEvents(), d.outputEvents())) {
      ints(out, e.file());
      longs(out, e.entry());
      doubles(out, e.eventWeight());
      out.writeInt(e.otherVariables().length);
      for (double[] v : e.otherVariables()) {
        doubles(out, v);
      }
    }
    Scaler sc = d.scaler();
    doubles(out, sc.mean());
    doubles(out, sc.std());
    boolean[] scaled = sc.scaled();
    out.writeInt(scaled.length);
    for (boolean b : scaled) {
      out.writeBoolean(b);
    }
    out.writeInt(d.report().size());
    for (ClassReport r : d.report()) {
      string(out, r.className());
      for (long v : new long[] {r.read(), r.afterCut(), r.afterWeights(), r.kept()}) {
        out.writeLong(v);
      }
      out.writeDouble(r.learningWeightSum());
      for (long v : new long[] {r.training(), r.evaluation(), r.output()}) {
        out.writeLong(v);
      }
    }
    out.writeInt(d.nonFinite().size());
    for (var e : d.nonFinite().entrySet()) {
      string(out, e.getKey());
      out.writeLong(e.getValue());
    }
    out.flush();
    // the checksum covers every byte above; it is written outside the checked stream
    ByteBuffer tail = ByteBuffer.allocate(4).order(ORDER).putInt((int) crc.getValue());
    raw.write(tail.array());
  }

  private static PreparedData decode(ByteBuffer bb) {
    bb.position(MAGIC.length + 4);
    String hash = string(bb);
    List<String> features = strings(bb);
    List<String> inputs = strings(bb);
    List<String> classes = strings(bb);
    List<String> others = strings(bb);
    Map<String, List<Long>> categories = new LinkedHashMap<>();
    int nc = count(bb);
    for (int i = 0; i < nc; i++) {
      String k = string(bb);
      List<Long> values = new ArrayList<>();
      for (long v : longs(bb)) {
        values.add(v);
      }
      categories.put(k, values);
    }
    List<PreparedFile> files = new ArrayList<>();
    int nf = count(bb);
    for (int i = 0; i < nf; i++) {
      files.add(
          new PreparedFile(
              Path.of(string(bb)),
              string(bb),
              string(bb),
              bb.get() != 0,
              bb.getDouble(),
              bb.getDouble()));
    }
    SplitArrays[] splits = new SplitArrays[3];
    for (int s = 0; s < 3; s++) {
      int n = bb.getInt();
      int f = bb.getInt();
      splits[s] = new SplitArrays(n, f, floats(bb), ints(bb), floats(bb));
    }
    EventInfo[] infos = new EventInfo[3];
    for (int s = 0; s < 3; s++) {
      int[] file = ints(bb);
      long[] entry = longs(bb);
      double[] w = doubles(bb);
      double[][] o = new double[count(bb)][];
      for (int i = 0; i < o.length; i++) {
        o[i] = doubles(bb);
      }
      infos[s] = new EventInfo(file, entry, w, o);
    }
    double[] mean = doubles(bb);
    double[] std = doubles(bb);
    boolean[] scaled = new boolean[count(bb)];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = bb.get() != 0;
    }
    List<ClassReport> report = new ArrayList<>();
    int nr = count(bb);
    for (int i = 0; i < nr; i++) {
      report.add(
          new ClassReport(
              string(bb),
              bb.getLong(),
              bb.getLong(),
              bb.getLong(),
              bb.getLong(),
              bb.getDouble(),
              bb.getLong(),
              bb.getLong(),
              bb.getLong()));
    }
    Map<String, Long> nonFinite = new LinkedHashMap<>();
    int nn = count(bb);
    for (int i = 0; i < nn; i++) {
      nonFinite.put(string(bb), bb.getLong());
    }
    if (bb.hasRemaining()) {
      throw new IllegalArgumentException(bb.remaining() + " bytes left over");
    }
    return new PreparedData(
        features,
        inputs,
        categories,
        classes,
        others,
        files,
        splits[0],
        splits[1],
        splits[2],
        infos[0],
        infos[1],
        infos[2],
        new Scaler(mean, std, scaled),
        hash,
        report,
        nonFinite);
  }

  private static int count(ByteBuffer bb) {
    int n = bb.getInt();
    if (n < 0 || n > bb.remaining()) {
      throw new IllegalArgumentException("bad length " + n);
    }
    return n;
  }

  private static void string(Out out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(ByteBuffer bb) {
    byte[] b = new byte[count(bb)];
    bb.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void strings(Out out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      string(out, s);
    }
  }

  private static List<String> strings(ByteBuffer bb) {
    int n = count(bb);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(bb));
    }
    return out;
  }

  // Bulk arrays go through a ByteBuffer view chunk by chunk: one copy, no per-value stream calls.
  private static final int CHUNK = 1 << 13;

  /**
   * A buffered little-endian writer: little-endian because it is the native order of the machines
   * we run on, so bulk reads of the arrays are plain memory copies.
   */
  private static final class Out {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ORDER);

    Out(OutputStream out) {
      this.out = out;
    }

    /** The buffer, positioned at free space of at least {@code bytes} bytes (at most 64 KiB). */
    ByteBuffer room(int bytes) throws IOException {
      if (buf.remaining() < bytes) {
        flush();
      }
      return buf.slice().order(ORDER);
    }

    void advance(int bytes) {
      buf.position(buf.position() + bytes);
    }

    void write(byte[] b) throws IOException {
      for (int off = 0; off < b.length; off += buf.capacity()) {
        int len = Math.min(buf.capacity(), b.length - off);
        room(len).put(b, off, len);
        advance(len);
      }
    }

    void writeInt(int v) throws IOException {
      room(4).putInt(v);
      advance(4);
    }

    void writeLong(long v) throws IOException {
      room(8).putLong(v);
      advance(8);
    }

    void writeDouble(double v) throws IOException {
      room(8).putDouble(v);
      advance(8);
    }

    void writeBoolean(boolean v) throws IOException {
      room(1).put((byte) (v ? 1 : 0));
      advance(1);
    }

    void flush() throws IOException {
      out.write(buf.array(), 0, buf.position());
      buf.clear();
    }
  }

  private static void floats(Out out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (int off = 0; off < a.length; off += CHUNK) {
      int len = Math.min(CHUNK, a.length - off);
      out.room(len * 4).asFloatBuffer().put(a, off, len);
      out.advance(len * 4);
    }
  }

  private static void ints(Out out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int off = 0; off < a.length; off += CHUNK) {
      int len = Math.min(CHUNK, a.length - off);
      out.room(len * 4).asIntBuffer().put(a, off, len);
      out.advance(len * 4);
    }
  }

  private static void longs(Out out, long[] a) throws IOException {
    out.writeInt(a.length);
    for (int off = 0; off < a.length; off += CHUNK) {
      int len = Math.min(CHUNK, a.length - off);
      out.room(len * 8).asLongBuffer().put(a, off, len);
      out.advance(len * 8);
    }
  }

  private static void doubles(Out out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (int off = 0; off < a.length; off += CHUNK) {
      int len = Math.min(CHUNK, a.length - off);
      out.room(len * 8).asDoubleBuffer().put(a, off, len);
      out.advance(len * 8);
    }
  }

  private static float[] floats(ByteBuffer bb) {
    float[] a = new float[bulk(bb, 4)];
    bb.asFloatBuffer().get(a);
    bb.position(bb.position() + a.length * 4);
    return a;
  }

  private static int[] ints(ByteBuffer bb) {
    int[] a = new int[bulk(bb, 4)];
    bb.asIntBuffer().get(a);
    bb.position(bb.position() + a.length * 4);
    return a;
  }

  private static long[] longs(ByteBuffer bb) {
    long[] a = new long[bulk(bb, 8)];
    bb.asLongBuffer().get(a);
    bb.position(bb.position() + a.length * 8);
    return a;
  }

  private static double[] doubles(ByteBuffer bb) {
    double[] a = new double[bulk(bb, 8)];
    bb.asDoubleBuffer().get(a);
    bb.position(bb.position() + a.length * 8);
    return a;
  }

  private static int bulk(ByteBuffer bb, int width) {
    int n = bb.getInt();
    if (n < 0 || (long) n * width > bb.remaining()) {
      throw new IllegalArgumentException("bad array length " + n);
    }
    return n;
  }
}
