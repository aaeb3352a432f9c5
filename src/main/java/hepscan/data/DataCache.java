package hepscan.data;

import hepscan.config.Parameters;
import hepscan.config.Sample;
import hepscan.config.SampleFile;
import hepscan.util.AtomicFiles;
import hepscan.util.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
   * signal flag; every file's name, size, content fingerprint ({@link #fileIdentity}), xsec and
   * event-weight sum. Not the file's folder nor its modification time: a moved or copied project, a
   * checkout on another file system or a touched file keeps its cache and its results.
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
      field(sb, "sample", List.of(s.key(), s.tree(), s.tag(), s.signal(), s.cut(), s.weight()));
      for (SampleFile f : s.files()) {
        Path abs = f.path().toAbsolutePath().normalize();
        field(
            sb,
            "file",
            List.of(abs.getFileName().toString(), fileIdentity(abs), f.xsec(), f.eventWeightSum()));
      }
    }
    return Hashing.sha256Hex(sb.toString());
  }

  /** Bytes read at each end of a file for its fingerprint. */
  private static final int FINGERPRINT_BYTES = 1 << 16;

  /**
   * A file's size and a sha256 of its first and last 64 KiB: for a ROOT file, the header with the
   * file's UUID (new for every file ROOT creates) and the end with its key list and streamer infos,
   * so any rewrite shows while a large file costs two small reads, not a pass over it.
   */
  static String fileIdentity(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      java.security.MessageDigest sha = Hashing.sha256();
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, FINGERPRINT_BYTES));
      readFully(ch, head, 0);
      sha.update(head.flip());
      if (size > FINGERPRINT_BYTES) {
        long from = Math.max(FINGERPRINT_BYTES, size - FINGERPRINT_BYTES);
        ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
        readFully(ch, tail, from);
        sha.update(tail.flip());
      }
      return size + ":" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (IOException e) {
      // a missing file fails later, when it is read; the key just must not match a stale cache
      return "missing";
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new java.io.EOFException("file shrank while it was read");
      }
    }
  }

  /** Length-prefixed so that no two different inputs give the same text. */
  private static void field(StringBuilder sb, String name, Object value) {
    String v = String.valueOf(value);
    sb.append(name).append(' ').append(v.length()).append(':').append(v).append('\n');
  }

  /** The environment variable that sets {@link #maxBytes()} in GB. */
  public static final String MAX_GB_VARIABLE = "HEPSCAN_CACHE_MAX_GB";

  /** The cache folder's size limit: {@code HEPSCAN_CACHE_MAX_GB} (default 50 GB). */
  static long maxBytes() {
    String v = System.getenv(MAX_GB_VARIABLE);
    double gb = 50;
    if (v != null && !v.isBlank()) {
      try {
        gb = Double.parseDouble(v.strip());
      } catch (NumberFormatException e) {
        // an unreadable limit keeps the default; the cache is not worth stopping a scan for
      }
    }
    return (long) (gb * 1e9);
  }

  /**
   * Keeps {@code cacheDir} within {@code maxBytes}: removes temporary files that killed writers
   * left, then the least recently used cache files (a read touches a file) until the rest fit.
   * {@code keep}, the file just used, is never removed.
   */
  static void evict(Path cacheDir, long maxBytes, Path keep, PrintStream log) {
    try {
      int stale = AtomicFiles.removeStaleTemporaries(cacheDir, AtomicFiles.STALE_TEMPORARY);
      if (stale > 0) {
        log.println("data: removed " + stale + " temporary file(s) left in " + cacheDir);
      }
      List<Path> files = new ArrayList<>();
      try (var list = Files.list(cacheDir)) {
        list.filter(f -> f.getFileName().toString().endsWith(".bin"))
            .filter(Files::isRegularFile)
            .forEach(files::add);
      }
      Map<Path, Long> sizes = new LinkedHashMap<>();
      Map<Path, Long> used = new LinkedHashMap<>();
      long total = 0;
      for (Path f : files) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        sizes.put(f, a.size());
        used.put(f, a.lastModifiedTime().toMillis());
        total += a.size();
      }
      files.sort(java.util.Comparator.comparingLong(used::get));
      for (Path f : files) {
        if (total <= maxBytes) {
          break;
        }
        if (keep != null && f.toAbsolutePath().equals(keep.toAbsolutePath())) {
          continue;
        }
        if (Files.deleteIfExists(f)) {
          total -= sizes.get(f);
          log.printf(
              java.util.Locale.ROOT,
              "data: removed the least recently used cache file %s (%.1f GB) to keep %s under"
                  + " %.1f GB (%s)%n",
              f.getFileName(),
              sizes.get(f) / 1e9,
              cacheDir,
              maxBytes / 1e9,
              MAX_GB_VARIABLE);
        }
      }
    } catch (IOException e) {
      log.println("warning: could not tidy the data cache " + cacheDir + ": " + e.getMessage());
    }
  }

  public static Path file(Path baseDir, String suffix, String key) {
    return baseDir
        .resolve("model")
        .resolve("cache")
        .resolve(suffix + "-" + key.substring(0, 16) + ".bin");
  }

  /** The cached data, or null when there is none or it is unusable (then a warning says why). */
  public static PreparedData read(Path file, String key, PrintStream log) {
    Decoded d = read(file, key, log, WINDOW, Reading.ALL);
    return d == null ? null : d.prepared();
  }

  /**
   * What a scan trains on from the cached data, or null when there is none or it is unusable (then
   * a warning says why): the output split and the per-event {@link EventInfo} are skipped, and the
   * features stay in the file ({@link FeatureRows.InFile}); only labels and weights are read.
   */
  public static TrainingData readForTraining(Path file, String key, PrintStream log) {
    return readForTraining(file, key, log, WINDOW);
  }

  /**
   * {@link #readForTraining(Path, String, PrintStream)} through windows of {@code window} bytes.
   */
  static TrainingData readForTraining(Path file, String key, PrintStream log, int window) {
    Decoded d = read(file, key, log, window, Reading.TRAINING);
    return d == null ? null : d.training();
  }

  /**
   * What {@code --model M --test} writes from the cached data, or null when there is none or it is
   * unusable (then a warning says why): every split with all its columns left in the file ({@link
   * SplitBlocks.InFile}), to be read a block of events at a time.
   */
  public static TestData readForTesting(Path file, String key, PrintStream log) {
    return readForTesting(file, key, log, WINDOW);
  }

  /** {@link #readForTesting(Path, String, PrintStream)} through windows of {@code window} bytes. */
  static TestData readForTesting(Path file, String key, PrintStream log, int window) {
    Decoded d = read(file, key, log, window, Reading.TEST);
    return d == null ? null : d.test();
  }

  /** Bytes read at a time for the checksum. */
  private static final int CHECK_BLOCK = 1 << 20;

  /** Bytes mapped at a time: files of any size are read through windows of at most this. */
  private static final int WINDOW = 1 << 30;

  /** {@link #read(Path, String, PrintStream)} through windows of {@code window} bytes (tests). */
  static PreparedData read(Path file, String key, PrintStream log, int window) {
    Decoded d = read(file, key, log, window, Reading.ALL);
    return d == null ? null : d.prepared();
  }

  /** What is read of a cache file. */
  private enum Reading {
    /** Everything, in the heap. */
    ALL,
    /** The training and evaluation splits: features left in the file, no event info. */
    TRAINING,
    /** Every split, all columns left in the file. */
    TEST
  }

  /** The cache's {@code content}. */
  private static Decoded read(Path file, String key, PrintStream log, int window, Reading content) {
    if (window < 8) {
      throw new IllegalArgumentException("a window must hold the largest value, 8 bytes");
    }
    String problem;
    // mapped, not read: no second copy of a file that may be GBs; the rename on write leaves a
    // mapped old file intact
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      problem = check(ch, key, window);
      if (problem == null) {
        try {
          In in = new In(ch, ch.size() - 4, window);
          in.skipHeader(key);
          return decode(in, file, content);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
          problem = "inconsistent content (" + e + ")";
        }
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | UncheckedIOException e) {
      problem = "cannot read (" + e.getMessage() + ")";
    }
    log.println("warning: data cache " + file + " is unusable: " + problem + "; rebuilding it");
    return null;
  }

  /**
   * Null when the file has a valid checksum, magic, version and key; else the problem. The key is
   * compared before the checksum pass over the whole file, so a stale cache costs nothing to
   * reject.
   */
  private static String check(FileChannel ch, String key, int window) throws IOException {
    long length = ch.size();
    if (length < MAGIC.length + 8) {
      return "too short (" + length + " bytes)";
    }
    In in = new In(ch, length - 4, window);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      return "not a hepscan data cache";
    }
    int version = in.getInt();
    if (version != FORMAT_VERSION) {
      return "format version " + version + ", expected " + FORMAT_VERSION;
    }
    String stored;
    try {
      stored = string(in);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return "checksum mismatch (truncated or corrupted)";
    }
    if (!stored.equals(key)) {
      return "key " + stored + " does not match " + key;
    }
    // read, not mapped: a mapping's pages count in the process's resident memory until a garbage
    // collection frees it, and the whole file would then count in a scan's peak
    CRC32C crc = new CRC32C();
    ByteBuffer block = ByteBuffer.allocateDirect(CHECK_BLOCK);
    for (long at = 0; at < length - 4; at += block.limit()) {
      block.clear().limit((int) Math.min(CHECK_BLOCK, length - 4 - at));
      readFully(ch, block, at);
      crc.update(block.flip());
    }
    ByteBuffer tail = ByteBuffer.allocate(4).order(ORDER);
    readFully(ch, tail, length - 4);
    if ((int) crc.getValue() != tail.getInt(0)) {
      return "checksum mismatch (truncated or corrupted)";
    }
    return null;
  }

  public static void write(Path file, PreparedData d, PrintStream log) {
    try {
      write(file, new Held(d));
      log.println("data: cached in " + file);
    } catch (IOException e) {
      // the cache is an optimisation: failing to write it must not fail the scan
      log.println("warning: cannot write the data cache " + file + ": " + e.getMessage());
    }
  }

  /** Writes {@code content} to {@code file} atomically (a temporary file, then a rename). */
  static void write(Path file, Content content) throws IOException {
    AtomicFiles.write(file, raw -> encode(raw, content));
  }

  /** Writes {@code content} to {@code file}, which nothing else reads meanwhile. */
  static void writeUnshared(Path file, Content content) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file)) {
      encode(raw, content);
    }
  }

  /** One of a split's arrays, in the order of the file. */
  enum Column {
    FEATURES,
    LABELS,
    WEIGHTS,
    FILE,
    ENTRY,
    EVENT_WEIGHT,
    OTHER
  }

  /**
   * What a cache file holds, asked for in the file's order: the descriptions, then every array,
   * written by its holder through a {@link Sink} (the heap's arrays, or a preparation's spills, a
   * piece at a time), then the scaler, asked for once the arrays are written, and the report.
   */
  interface Content {
    String dataHash();

    List<String> featureNames();

    List<String> inputExpressions();

    List<String> classNames();

    List<String> otherVariableNames();

    /** Any order: the file has them sorted by input, as {@link PreparedData} does. */
    Map<String, List<Long>> oneHotCategories();

    List<PreparedFile> files();

    int nEvents(int split);

    int nFeatures();

    /**
     * Writes every value of {@code column} of {@code split} ({@code other}: which other variable,
     * for {@link Column#OTHER}), in event order: row-major features, labels, learning weights, file
     * indices, entries, event weights, other variable values.
     */
    void write(int split, Column column, int other, Sink sink) throws IOException;

    Scaler scaler();

    List<ClassReport> report();

    /** Any order: the file has them sorted by variable, as {@link PreparedData} does. */
    Map<String, Long> nonFinite();
  }

  /** Takes the values of an array, in order, in as many pieces as the writer likes. */
  interface Sink {
    void floats(float[] a, int from, int count) throws IOException;

    void ints(int[] a, int from, int count) throws IOException;

    void longs(long[] a, int from, int count) throws IOException;

    void doubles(double[] a, int from, int count) throws IOException;

    /** Values already encoded as the file holds them (little-endian), all that remain. */
    void bytes(ByteBuffer values) throws IOException;
  }

  /** The content of data in the heap. */
  private record Held(PreparedData d) implements Content {
    @Override
    public String dataHash() {
      return d.dataHash();
    }

    @Override
    public List<String> featureNames() {
      return d.featureNames();
    }

    @Override
    public List<String> inputExpressions() {
      return d.inputExpressions();
    }

    @Override
    public List<String> classNames() {
      return d.classNames();
    }

    @Override
    public List<String> otherVariableNames() {
      return d.otherVariableNames();
    }

    @Override
    public Map<String, List<Long>> oneHotCategories() {
      return d.oneHotCategories();
    }

    @Override
    public List<PreparedFile> files() {
      return d.files();
    }

    private SplitArrays split(int s) {
      return List.of(d.training(), d.evaluation(), d.output()).get(s);
    }

    @Override
    public int nEvents(int split) {
      return split(split).nEvents();
    }

    @Override
    public int nFeatures() {
      return d.training().nFeatures();
    }

    @Override
    public void write(int split, Column column, int other, Sink sink) throws IOException {
      SplitArrays s = split(split);
      EventInfo e = List.of(d.trainingEvents(), d.evaluationEvents(), d.outputEvents()).get(split);
      switch (column) {
        case FEATURES -> {
          float[] x = s.features();
          sink.floats(x, 0, x.length);
        }
        case LABELS -> sink.ints(s.labels(), 0, s.nEvents());
        case WEIGHTS -> sink.floats(s.weights(), 0, s.nEvents());
        case FILE -> sink.ints(e.file(), 0, e.size());
        case ENTRY -> sink.longs(e.entry(), 0, e.size());
        case EVENT_WEIGHT -> sink.doubles(e.eventWeight(), 0, e.size());
        case OTHER -> sink.doubles(e.otherVariables()[other], 0, e.size());
      }
    }

    @Override
    public Scaler scaler() {
      return d.scaler();
    }

    @Override
    public List<ClassReport> report() {
      return d.report();
    }

    @Override
    public Map<String, Long> nonFinite() {
      return d.nonFinite();
    }
  }

  private static void encode(OutputStream raw, Content d) throws IOException {
    CRC32C crc = new CRC32C();
    Out out = new Out(new CheckedOutputStream(raw, crc));
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    string(out, d.dataHash());
    strings(out, d.featureNames());
    strings(out, d.inputExpressions());
    strings(out, d.classNames());
    strings(out, d.otherVariableNames());
    Map<String, List<Long>> categories = TrainingData.sortedCopy(d.oneHotCategories());
    out.writeInt(categories.size());
    for (var e : categories.entrySet()) {
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
    int f = d.nFeatures();
    for (int s = 0; s < 3; s++) {
      int n = d.nEvents(s);
      out.writeInt(n);
      out.writeInt(f);
      array(out, d, s, Column.FEATURES, 0, Math.multiplyExact(n, f), Float.BYTES);
      array(out, d, s, Column.LABELS, 0, n, Integer.BYTES);
      array(out, d, s, Column.WEIGHTS, 0, n, Float.BYTES);
    }
    int others = d.otherVariableNames().size();
    for (int s = 0; s < 3; s++) {
      int n = d.nEvents(s);
      array(out, d, s, Column.FILE, 0, n, Integer.BYTES);
      array(out, d, s, Column.ENTRY, 0, n, Long.BYTES);
      array(out, d, s, Column.EVENT_WEIGHT, 0, n, Double.BYTES);
      out.writeInt(others);
      for (int i = 0; i < others; i++) {
        array(out, d, s, Column.OTHER, i, n, Double.BYTES);
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
    Map<String, Long> nonFinite = new java.util.TreeMap<>(d.nonFinite());
    out.writeInt(nonFinite.size());
    for (var e : nonFinite.entrySet()) {
      string(out, e.getKey());
      out.writeLong(e.getValue());
    }
    out.flush();
    // the checksum covers every byte above; it is written outside the checked stream
    ByteBuffer tail = ByteBuffer.allocate(4).order(ORDER).putInt((int) crc.getValue());
    raw.write(tail.array());
  }

  /**
   * An array of {@code length} values of {@code width} bytes: its length, then what the content
   * writes, which must be exactly that many values (else the file would not decode).
   */
  private static void array(
      Out out, Content d, int split, Column column, int other, int length, int width)
      throws IOException {
    out.writeInt(length);
    long from = out.written();
    d.write(split, column, other, out);
    long values = (out.written() - from) / width;
    if (values != length) {
      throw new IllegalStateException(
          column
              + " of split "
              + Splitter.NAMES.get(split)
              + ": "
              + values
              + " values written for "
              + length);
    }
  }

  /**
   * The decoded file: everything ({@code prepared}), what training needs ({@code training}) or what
   * testing needs ({@code test}), the others null.
   */
  private record Decoded(PreparedData prepared, TrainingData training, TestData test) {}

  /** Decodes the {@code content} after the header; what is not read is skipped. */
  private static Decoded decode(In bb, Path file, Reading content) {
    boolean full = content == Reading.ALL;
    String hash = bb.key;
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
    int[][] shapes = new int[3][];
    long[][] splitColumns = new long[3][];
    for (int s = 0; s < 3; s++) {
      int n = bb.getInt();
      int f = bb.getInt();
      if (content == Reading.TEST) {
        shapes[s] = new int[] {n, f};
        splitColumns[s] =
            new long[] {inFile(bb, 4, (long) n * f), inFile(bb, 4, n), inFile(bb, 4, n)};
      } else if (full) {
        splits[s] = new SplitArrays(n, f, floats(bb), ints(bb), floats(bb));
      } else if (s < 2) {
        FeatureRows rows = new FeatureRows.InFile(file, inFile(bb, 4, (long) n * f), n, f);
        splits[s] = new SplitArrays(n, f, rows, ints(bb), floats(bb));
      } else {
        skip(bb, 4);
        skip(bb, 4);
        skip(bb, 4);
      }
    }
    EventInfo[] infos = new EventInfo[3];
    SplitBlocks[] blocks = new SplitBlocks[3];
    for (int s = 0; s < 3; s++) {
      if (content == Reading.TEST) {
        int n = shapes[s][0];
        long sourceFile = inFile(bb, 4, n);
        long entry = inFile(bb, 8, n);
        long eventWeight = inFile(bb, 8, n);
        long[] otherColumns = new long[count(bb)];
        for (int i = 0; i < otherColumns.length; i++) {
          otherColumns[i] = inFile(bb, 8, n);
        }
        blocks[s] =
            new SplitBlocks.InFile(
                file,
                n,
                shapes[s][1],
                splitColumns[s][0],
                splitColumns[s][1],
                splitColumns[s][2],
                sourceFile,
                entry,
                eventWeight,
                otherColumns);
        continue;
      }
      if (!full) {
        skip(bb, 4);
        skip(bb, 8);
        skip(bb, 8);
        int columns = count(bb);
        for (int i = 0; i < columns; i++) {
          skip(bb, 8);
        }
        continue;
      }
      int[] fileIndex = ints(bb);
      long[] entry = longs(bb);
      double[] w = doubles(bb);
      double[][] o = new double[count(bb)][];
      for (int i = 0; i < o.length; i++) {
        o[i] = doubles(bb);
      }
      infos[s] = new EventInfo(fileIndex, entry, w, o);
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
    Scaler scaler = new Scaler(mean, std, scaled);
    if (content == Reading.TEST) {
      return new Decoded(
          null,
          null,
          new TestData(
              features, inputs, classes, others, files, blocks[0], blocks[1], blocks[2], hash,
              report, nonFinite));
    }
    if (!full) {
      return new Decoded(
          null,
          new TrainingData(
              features,
              inputs,
              categories,
              classes,
              splits[0],
              splits[1],
              scaler,
              hash,
              report,
              nonFinite),
          null);
    }
    return new Decoded(
        new PreparedData(
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
            scaler,
            hash,
            report,
            nonFinite),
        null,
        null);
  }

  private static int count(In bb) {
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

  private static String string(In bb) {
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

  private static List<String> strings(In bb) {
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
  private static final class Out implements Sink {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ORDER);
    private long flushed;

    Out(OutputStream out) {
      this.out = out;
    }

    /** Bytes written so far. */
    long written() {
      return flushed + buf.position();
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
      flushed += buf.position();
      buf.clear();
    }

    /** Puts {@code n} values from {@code from} into a buffer. */
    private interface Put {
      void put(ByteBuffer b, int from, int n);
    }

    private void values(int width, int from, int count, Put put) throws IOException {
      for (int off = from; off < from + count; off += CHUNK) {
        int len = Math.min(CHUNK, from + count - off);
        put.put(room(len * width), off, len);
        advance(len * width);
      }
    }

    @Override
    public void floats(float[] a, int from, int count) throws IOException {
      values(Float.BYTES, from, count, (b, off, n) -> b.asFloatBuffer().put(a, off, n));
    }

    @Override
    public void ints(int[] a, int from, int count) throws IOException {
      values(Integer.BYTES, from, count, (b, off, n) -> b.asIntBuffer().put(a, off, n));
    }

    @Override
    public void longs(long[] a, int from, int count) throws IOException {
      values(Long.BYTES, from, count, (b, off, n) -> b.asLongBuffer().put(a, off, n));
    }

    @Override
    public void doubles(double[] a, int from, int count) throws IOException {
      values(Double.BYTES, from, count, (b, off, n) -> b.asDoubleBuffer().put(a, off, n));
    }

    @Override
    public void bytes(ByteBuffer values) throws IOException {
      while (values.hasRemaining()) {
        if (!buf.hasRemaining()) {
          flush();
        }
        int n = Math.min(buf.remaining(), values.remaining());
        buf.put(values.slice(values.position(), n));
        values.position(values.position() + n);
      }
    }
  }

  private static void longs(Out out, long[] a) throws IOException {
    out.writeInt(a.length);
    out.longs(a, 0, a.length);
  }

  private static void doubles(Out out, double[] a) throws IOException {
    out.writeInt(a.length);
    out.doubles(a, 0, a.length);
  }

  private static float[] floats(In bb) {
    float[] a = new float[bulk(bb, 4)];
    for (int off = 0; off < a.length; ) {
      int len = bb.window(4, a.length - off);
      bb.buffer().asFloatBuffer().get(a, off, len);
      bb.advance(len * 4);
      off += len;
    }
    return a;
  }

  private static int[] ints(In bb) {
    int[] a = new int[bulk(bb, 4)];
    for (int off = 0; off < a.length; ) {
      int len = bb.window(4, a.length - off);
      bb.buffer().asIntBuffer().get(a, off, len);
      bb.advance(len * 4);
      off += len;
    }
    return a;
  }

  private static long[] longs(In bb) {
    long[] a = new long[bulk(bb, 8)];
    for (int off = 0; off < a.length; ) {
      int len = bb.window(8, a.length - off);
      bb.buffer().asLongBuffer().get(a, off, len);
      bb.advance(len * 8);
      off += len;
    }
    return a;
  }

  private static double[] doubles(In bb) {
    double[] a = new double[bulk(bb, 8)];
    for (int off = 0; off < a.length; ) {
      int len = bb.window(8, a.length - off);
      bb.buffer().asDoubleBuffer().get(a, off, len);
      bb.advance(len * 8);
      off += len;
    }
    return a;
  }

  /**
   * Skips an array of {@code n} values of {@code width} bytes and returns the file offset of its
   * first value.
   */
  private static long inFile(In bb, int width, long n) {
    int values = bulk(bb, width);
    if (values != n) {
      throw new IllegalArgumentException(values + " values where " + n + " were expected");
    }
    long at = bb.position();
    bb.skip((long) values * width);
    return at;
  }

  /** Skips an array of values of {@code width} bytes. */
  private static void skip(In bb, int width) {
    bb.skip((long) bulk(bb, width) * width);
  }

  private static int bulk(In bb, int width) {
    int n = bb.getInt();
    if (n < 0 || (long) n * width > bb.remaining()) {
      throw new IllegalArgumentException("bad array length " + n);
    }
    return n;
  }

  /**
   * Reads {@code [0, end)} of a cache file through memory-mapped windows of at most {@code window}
   * bytes; a value is never split: a new window starts where the next value does.
   */
  private static final class In {
    private final FileChannel ch;
    private final long end;
    private final int window;
    private ByteBuffer buf;
    private long base;
    String key;

    In(FileChannel ch, long end, int window) throws IOException {
      this.ch = ch;
      this.end = end;
      this.window = window;
      map(0);
    }

    private void map(long at) throws IOException {
      base = at;
      buf = ch.map(FileChannel.MapMode.READ_ONLY, at, Math.min(window, end - at)).order(ORDER);
    }

    /** Reads the magic, version and key that {@link DataCache#check} has already checked. */
    void skipHeader(String expectedKey) {
      get(new byte[MAGIC.length]);
      getInt();
      key = string(this);
      if (!key.equals(expectedKey)) {
        throw new IllegalArgumentException("key changed while reading");
      }
    }

    long remaining() {
      return end - base - buf.position();
    }

    /** The read position in the file. */
    long position() {
      return base + buf.position();
    }

    /** Moves the read position {@code bytes} on, mapping a new window when it leaves this one. */
    void skip(long bytes) {
      if (bytes > remaining()) {
        throw new BufferUnderflowException();
      }
      if (bytes <= buf.remaining()) {
        advance((int) bytes);
        return;
      }
      try {
        map(position() + bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean hasRemaining() {
      return remaining() > 0;
    }

    /** The current window, holding at least {@code bytes} bytes from the read position. */
    private ByteBuffer need(int bytes) {
      if (buf.remaining() < bytes) {
        if (remaining() < bytes) {
          throw new BufferUnderflowException();
        }
        try {
          map(base + buf.position());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return buf;
    }

    /**
     * How many of {@code wanted} values of {@code width} bytes the window now holds (at least 1).
     */
    int window(int width, int wanted) {
      return Math.min(wanted, need(width).remaining() / width);
    }

    ByteBuffer buffer() {
      return buf;
    }

    void advance(int bytes) {
      buf.position(buf.position() + bytes);
    }

    byte get() {
      return need(1).get();
    }

    int getInt() {
      return need(4).getInt();
    }

    long getLong() {
      return need(8).getLong();
    }

    double getDouble() {
      return need(8).getDouble();
    }

    void get(byte[] dst) {
      for (int off = 0; off < dst.length; ) {
        int len = window(1, dst.length - off);
        buf.get(dst, off, len);
        off += len;
      }
    }
  }
}
