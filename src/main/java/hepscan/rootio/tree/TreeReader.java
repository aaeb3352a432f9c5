package hepscan.rootio.tree;

import hepscan.rootio.RootIOException;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.file.RootSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads columns of a TTree into one primitive array per leaf. Branches, and the baskets of each
 * branch, are processed in parallel (the common ForkJoinPool, or the pool of the calling task). A
 * basket of fixed-size entries is decompressed into its thread's reused buffer and copied to its
 * place in the column at once, so memory holds the columns and one basket per thread; baskets of
 * variable-size entries (jagged arrays, strings) are kept until their branch is decoded. Every
 * basket is checked against its branch's tables (entry count, sizes), so a damaged file fails with
 * a message naming file, tree, branch and basket rather than yielding wrong numbers.
 */
public final class TreeReader implements RootTree {
  private final RootSource source;
  private final String fileLabel;
  private final String path;
  private final TTree tree;
  private final List<LeafInfo> leaves = new ArrayList<>();
  private final Map<String, Slot> byName = new LinkedHashMap<>();
  private final Map<String, List<Slot>> byBareLeafName = new HashMap<>();
  private final Map<TBranch, String> unsupported = new IdentityHashMap<>();
  private final Map<TBranch, List<LeafInfo>> branchLeaves = new IdentityHashMap<>();

  /**
   * Where one leaf's values sit inside its branch's entries; {@code packing} is how a
   * Double32_t/Float16_t leaf stores them (null for others).
   */
  private record Slot(
      TBranch branch,
      TLeaf leaf,
      LeafInfo info,
      int offsetInEntry,
      int entrySize,
      FloatPacking packing) {

    /** Bytes per value on disk. */
    int valueBytes() {
      return packing != null ? packing.size() : info.type().size();
    }
  }

  /**
   * A basket to read: number {@code index} of its branch, holding {@code entries} entries from
   * {@code first}.
   */
  private record BasketRef(TBranch branch, int index, long first, long entries, TBasket embedded) {}

  /** A basket read and checked, with the first entry it holds. */
  private record LoadedBasket(long first, TBasket basket) {}

  public TreeReader(RootSource source, String fileLabel, String path, TTree tree) {
    this.source = source;
    this.fileLabel = fileLabel;
    this.path = path;
    this.tree = tree;
    Map<TLeaf, String> columnOfLeaf = new IdentityHashMap<>();
    for (TBranch b : tree.allBranches()) {
      for (TLeaf l : b.leaves()) {
        columnOfLeaf.put(l, b.leaves().size() == 1 ? b.name() : b.name() + "." + l.name());
      }
    }
    for (TBranch b : tree.allBranches()) {
      String reason = unsupportedReason(b);
      if (reason != null) {
        unsupported.put(b, reason);
        continue;
      }
      List<LeafInfo> infos = new ArrayList<>();
      for (TLeaf l : b.leaves()) {
        infos.add(describe(b, l, columnOfLeaf.get(l), columnOfLeaf));
      }
      // Fixed-size leaves of one branch are stored entry by entry, one after the other.
      int entrySize = 0;
      for (int i = 0; i < infos.size(); i++) {
        entrySize += fixedBytes(b.leaves().get(i), infos.get(i));
      }
      int offset = 0;
      for (int i = 0; i < infos.size(); i++) {
        LeafInfo info = infos.get(i);
        TLeaf leaf = b.leaves().get(i);
        Slot slot = new Slot(b, leaf, info, offset, entrySize, leaf.packing());
        offset += fixedBytes(leaf, info);
        byName.put(info.name(), slot);
        byBareLeafName.computeIfAbsent(slot.leaf().name(), k -> new ArrayList<>()).add(slot);
      }
      leaves.addAll(infos);
      branchLeaves.put(b, List.copyOf(infos));
    }
  }

  private static int fixedBytes(TLeaf leaf, LeafInfo info) {
    if (info.shape() != LeafShape.SCALAR && info.shape() != LeafShape.FIXED) {
      return 0;
    }
    FloatPacking packing = leaf.packing();
    return info.fixedLength() * (packing != null ? packing.size() : info.type().size());
  }

  private static String unsupportedReason(TBranch b) {
    VectorType vector = VectorType.of(b);
    if (!b.isPlain() && vector == null) {
      return objectBranchReason(b);
    }
    if (b.leaves().isEmpty()) {
      return "branch has no leaves";
    }
    if (!b.fileName().isEmpty()) {
      return "baskets are stored in another file ('" + b.fileName() + "')";
    }
    if (vector != null) {
      return null;
    }
    for (TLeaf l : b.leaves()) {
      if (l.type() == null && !l.isString()) {
        return "leaf class " + l.className() + " is not supported";
      }
      try {
        l.packing();
      } catch (IllegalArgumentException e) {
        return "leaf '" + l.name() + "': " + e.getMessage();
      }
      String dims = l.titleDimensions();
      boolean variable = !dims.isEmpty() && !dims.replaceAll("\\[\\d+\\]", "").isEmpty();
      if (variable && l.count() == null) {
        return "leaf '" + l.name() + "' has dimensions " + dims + " but no readable counter leaf";
      }
      if (b.leaves().size() > 1 && (l.count() != null || l.isString())) {
        return "leaf list with a variable-size leaf ('" + l.name() + "') is not supported";
      }
    }
    return null;
  }

  /** Why an object branch (TBranchElement, TBranchObject …) other than std::vector is not read. */
  private static String objectBranchReason(TBranch b) {
    BranchElement e = b.element();
    String what =
        e == null
            ? "of class " + b.className()
            : "of class "
                + e.className()
                + (e.wholeObject() ? "" : " (a part of a split object, element " + e.id() + ")");
    return "not supported: branch '"
        + b.name()
        + "' "
        + what
        + "; this reader reads numbers, arrays of numbers and std::vector of numbers: write the"
        + " quantities needed as such flat branches (e.g. "
        + b.name()
        + "_pt/F, "
        + b.name()
        + "_pt[n]/F or std::vector<float>)";
  }

  private static LeafInfo describe(
      TBranch b, TLeaf l, String column, Map<TLeaf, String> columnOfLeaf) {
    VectorType vector = VectorType.of(b);
    if (vector != null) {
      LeafShape shape = vector.depth() == 1 ? LeafShape.JAGGED : LeafShape.NESTED;
      return new LeafInfo(b.name(), column, vector.element(), shape, 1, null);
    }
    if (l.isString()) {
      return new LeafInfo(b.name(), column, null, LeafShape.STRING, 1, null);
    }
    if (l.count() != null) {
      String counter = columnOfLeaf.getOrDefault(l.count(), l.count().name());
      return new LeafInfo(b.name(), column, l.type(), LeafShape.JAGGED, l.len(), counter);
    }
    LeafShape shape = l.len() > 1 ? LeafShape.FIXED : LeafShape.SCALAR;
    return new LeafInfo(b.name(), column, l.type(), shape, l.len(), null);
  }

  /** The decoded TTree metadata (branches, leaves, basket tables). */
  public TTree model() {
    return tree;
  }

  /** Why a branch cannot be read, or empty when its leaves are in {@link #leaves()}. */
  public Optional<String> unsupportedReason(String branchName) {
    return tree.allBranches().stream()
        .filter(b -> b.name().equals(branchName))
        .findFirst()
        .map(unsupported::get);
  }

  /** The readable leaves of one branch (empty when the branch is unsupported). */
  public List<LeafInfo> leavesOf(TBranch branch) {
    return branchLeaves.getOrDefault(branch, List.of());
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long entries() {
    return tree.entries();
  }

  @Override
  public List<LeafInfo> leaves() {
    return List.copyOf(leaves);
  }

  @Override
  public LeafInfo leaf(String name) throws RootIOException {
    return slot(name).info();
  }

  private Slot slot(String name) throws RootIOException {
    Slot s = byName.get(name);
    if (s != null) {
      return s;
    }
    List<Slot> bare = byBareLeafName.getOrDefault(name, List.of());
    if (bare.size() == 1) {
      return bare.get(0);
    }
    String prefix = fileLabel + ": tree '" + path + "': ";
    if (bare.size() > 1) {
      throw new RootIOException(
          prefix
              + "leaf name '"
              + name
              + "' is ambiguous: "
              + bare.stream().map(x -> x.info().name()).collect(Collectors.joining(", ")));
    }
    for (Map.Entry<TBranch, String> u : unsupported.entrySet()) {
      if (u.getKey().name().equals(name)) {
        throw new RootIOException(prefix + "branch '" + name + "' cannot be read: " + u.getValue());
      }
    }
    List<String> near = nearMisses(name);
    throw new RootIOException(
        prefix
            + "no branch or leaf named '"
            + name
            + "'"
            + (near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)"));
  }

  private List<String> nearMisses(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, name.length() / 4);
    return byName.keySet().stream()
        .map(
            k ->
                Map.entry(
                    k,
                    k.toLowerCase(Locale.ROOT).equals(lower)
                        ? 0
                        : editDistance(lower, k.toLowerCase(Locale.ROOT))))
        .filter(e -> e.getValue() <= limit)
        .sorted(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  @Override
  public Column read(String leafName) throws RootIOException {
    return read(leafName, 0, entries());
  }

  @Override
  public Column read(String leafName, long start, long end) throws RootIOException {
    return read(List.of(leafName), start, end).get(leafName);
  }

  @Override
  public Map<String, Column> read(Collection<String> leafNames) throws RootIOException {
    return read(leafNames, 0, entries());
  }

  /**
   * Entries [start, end) of several leaves. Branches are processed in parallel and so are the
   * baskets of each branch; a branch's baskets are read and decompressed once however many of its
   * leaves are asked for. Keys are the names asked for, in the order asked.
   */
  @Override
  public Map<String, Column> read(Collection<String> leafNames, long start, long end)
      throws RootIOException {
    return read(leafNames, start, end, Map.of());
  }

  @Override
  public Map<String, Column> read(
      Collection<String> leafNames, long start, long end, Map<String, Column> previous)
      throws RootIOException {
    Map<String, Slot> slots = new LinkedHashMap<>();
    for (String n : new LinkedHashSet<>(leafNames)) {
      slots.put(n, slot(n));
    }
    checkRange(start, end);
    Map<TBranch, List<BasketRef>> plans = new LinkedHashMap<>();
    for (Slot s : slots.values()) {
      if (!plans.containsKey(s.branch())) {
        plans.put(s.branch(), plan(s.branch(), start, end));
      }
    }
    // After the plans: a damaged entry count fails there, naming the branch that lacks entries.
    if (end - start > Integer.MAX_VALUE - 8) {
      throw new RootIOException(
          fileLabel
              + ": tree '"
              + path
              + "': entries ["
              + start
              + ", "
              + end
              + ") are more than hepscan reads at once (2^31 - 9): a damaged file, or a tree to split");
    }
    Map<String, Column> decoded;
    try {
      decoded =
          plans.entrySet().parallelStream()
              .flatMap(
                  plan -> {
                    Map<String, Slot> mine = new LinkedHashMap<>();
                    slots.forEach(
                        (name, slot) -> {
                          if (slot.branch() == plan.getKey()) {
                            mine.put(name, slot);
                          }
                        });
                    return readBranch(mine, plan.getValue(), start, end, previous)
                        .entrySet()
                        .stream();
                  })
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    } catch (LoadFailure f) {
      throw f.cause;
    }
    Map<String, Column> out = new LinkedHashMap<>();
    for (String n : slots.keySet()) {
      out.put(n, decoded.get(n));
    }
    return out;
  }

  /**
   * The columns of one branch's leaves. Fixed-size leaves (scalars, fixed arrays, leaf lists) take
   * the fast path: each basket is decompressed into its thread's reused buffer and its values
   * copied out at once, while they are in cache, so no basket is kept. Others keep every basket of
   * the branch until its entries are decoded.
   */
  private Map<String, Column> readBranch(
      Map<String, Slot> slots,
      List<BasketRef> baskets,
      long start,
      long end,
      Map<String, Column> previous) {
    int entries = (int) (end - start);
    Map<String, Column> out = new LinkedHashMap<>();
    boolean fixed =
        slots.values().stream()
            .allMatch(
                s -> s.info().shape() == LeafShape.SCALAR || s.info().shape() == LeafShape.FIXED);
    if (fixed) {
      List<Map.Entry<Slot, Object>> targets = new ArrayList<>();
      for (Map.Entry<String, Slot> e : slots.entrySet()) {
        Column before = previous.get(e.getKey());
        if (reusable(e.getValue(), entries, before)) {
          targets.add(Map.entry(e.getValue(), before.array()));
          out.put(
              e.getKey(),
              new ArrayColumn(
                  before.leaf(), entries, before.offsets(), before.array(), before.size()));
          continue;
        }
        Object dst = decodeUnchecked(e.getValue(), () -> newFixedArray(e.getValue(), entries));
        targets.add(Map.entry(e.getValue(), dst));
        out.put(e.getKey(), fixedColumn(e.getValue(), entries, dst));
      }
      baskets.parallelStream()
          .forEach(
              ref -> {
                TBasket basket = loadOne(ref, SCRATCH.get()).basket();
                for (Map.Entry<Slot, Object> t : targets) {
                  decodeUnchecked(
                      t.getKey(),
                      () -> {
                        copyFixed(t.getKey(), basket, ref.first(), start, end, t.getValue());
                        return null;
                      });
                }
              });
      return out;
    }
    if (slots.size() == 1 && VectorType.of(slots.values().iterator().next().branch()) != null) {
      // std::vector: each basket decoded as soon as it is decompressed, into its thread's buffer
      Map.Entry<String, Slot> e = slots.entrySet().iterator().next();
      Slot s = e.getValue();
      VectorType vt = VectorType.of(s.branch());
      List<VectorDecoder.Piece> pieces =
          baskets.parallelStream()
              .map(
                  ref -> {
                    LoadedBasket lb = loadOne(ref, SCRATCH.get());
                    return decodeUnchecked(s, () -> VectorDecoder.piece(part(lb, start, end), vt));
                  })
              .toList();
      out.put(
          e.getKey(),
          decodeUnchecked(s, () -> VectorDecoder.join(s.info(), vt.element(), pieces, entries)));
      return out;
    }
    List<LoadedBasket> read = baskets.parallelStream().map(r -> loadOne(r, byte[]::new)).toList();
    List<LoadedBasket> loaded =
        decodeUnchecked(
            slots.values().iterator().next(), () -> withGeneratedOffsets(slots.values(), read));
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      out.put(
          e.getKey(),
          decodeUnchecked(e.getValue(), () -> decode(e.getValue(), loaded, start, end)));
    }
    return out;
  }

  /**
   * A basket buffer per thread, grown to the largest basket met (up to {@link #MAX_KEPT_BUFFER};
   * larger ones get an array of their own).
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final int MAX_KEPT_BUFFER = 64 << 20;

  private static final class Scratch implements IntFunction<byte[]> {
    private byte[] buffer = new byte[0];

    @Override
    public byte[] apply(int size) {
      if (size > MAX_KEPT_BUFFER) {
        return new byte[size];
      }
      if (buffer.length < size) {
        buffer = new byte[Math.max(size, Math.min(MAX_KEPT_BUFFER, buffer.length * 2))];
      }
      return buffer;
    }
  }

  private void checkRange(long start, long end) {
    if (start < 0 || end < start || end > entries()) {
      throw new IllegalArgumentException(
          "entry range [" + start + ", " + end + ") outside the tree's " + entries() + " entries");
    }
  }

  private RootIOException error(TBranch b, String message) {
    return new RootIOException(
        fileLabel + ": tree '" + path + "' branch '" + b.name() + "': " + message);
  }

  /**
   * The baskets of {@code b} overlapping entries [start, end), checked to cover them without gaps.
   */
  private List<BasketRef> plan(TBranch b, long start, long end) throws RootIOException {
    List<BasketRef> all = new ArrayList<>();
    for (int i = 0; i < b.writeBasket(); i++) {
      long first = b.basketEntry(i);
      long next = b.basketEntry(i + 1);
      if (b.basketBytes(i) <= 0
          || b.basketSeek(i) <= 0
          || b.basketSeek(i) + b.basketBytes(i) > source.size()) {
        throw error(
            b,
            "basket "
                + i
                + " at offset "
                + b.basketSeek(i)
                + " ("
                + b.basketBytes(i)
                + " bytes) lies outside the file ("
                + source.size()
                + " bytes)");
      }
      all.add(new BasketRef(b, i, first, next - first, null));
    }
    b.embedded().stream()
        .sorted(Comparator.comparingInt(TBranch.EmbeddedBasket::slot))
        .forEach(
            e -> {
              if (e.basket().entries() > 0) {
                long first = e.slot() <= b.writeBasket() ? b.basketEntry(e.slot()) : -1;
                all.add(new BasketRef(b, e.slot(), first, e.basket().entries(), e.basket()));
              }
            });
    long expected = 0;
    for (BasketRef r : all) {
      if (r.first() != expected || r.entries() < 0) {
        throw error(
            b,
            "basket "
                + r.index()
                + " starts at entry "
                + r.first()
                + " ("
                + r.entries()
                + " entries), expected entry "
                + expected);
      }
      expected += r.entries();
    }
    if (expected < end) {
      throw error(
          b,
          "baskets hold entries up to "
              + expected
              + " but entries up to "
              + end
              + " were asked for"
              + " (tree has "
              + entries()
              + ")");
    }
    return all.stream().filter(r -> r.first() < end && r.first() + r.entries() > start).toList();
  }

  /**
   * Runs one leaf's decoding step; a format error becomes a {@link LoadFailure} naming the leaf.
   */
  private <T> T decodeUnchecked(Slot s, Supplier<T> step) {
    try {
      return step.get();
    } catch (RootFormatException e) {
      throw new LoadFailure(error(s.branch(), "leaf '" + s.leaf().name() + "': " + e.getMessage()));
    }
  }

  /** Carries a checked error out of a parallel stream. */
  private static final class LoadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RootIOException cause;

    LoadFailure(RootIOException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }

  /** Reads and checks one basket, decompressing it into {@code buffers.apply(size)}. */
  private LoadedBasket loadOne(BasketRef r, IntFunction<byte[]> buffers) {
    TBranch b = r.branch();
    if (r.embedded() != null) {
      return new LoadedBasket(r.first(), r.embedded());
    }
    long seek = b.basketSeek(r.index());
    try {
      TBasket basket =
          TBasket.fromRecord(source.read(seek, b.basketBytes(r.index())), seek, b.name(), buffers);
      if (basket.entries() != r.entries()) {
        throw new RootFormatException(
            "holds " + basket.entries() + " entries, the branch says " + r.entries());
      }
      return new LoadedBasket(r.first(), basket);
    } catch (RootFormatException e) {
      throw new LoadFailure(
          error(b, "basket " + r.index() + " at offset " + seek + ": " + e.getMessage()));
    }
  }

  private Column decode(Slot s, List<LoadedBasket> baskets, long start, long end) {
    int entries = (int) (end - start);
    return switch (s.info().shape()) {
      case SCALAR, FIXED -> {
        Object dst = newFixedArray(s, entries);
        for (LoadedBasket lb : baskets) {
          copyFixed(s, lb.basket(), lb.first(), start, end, dst);
        }
        yield fixedColumn(s, entries, dst);
      }
      case JAGGED, NESTED ->
          VectorType.of(s.branch()) != null
              ? decodeVectors(s, baskets, start, end, entries)
              : decodeJagged(s, baskets, start, end, entries);
      case STRING -> decodeStrings(s, baskets, start, end, entries);
    };
  }

  private static Column decodeVectors(
      Slot s, List<LoadedBasket> baskets, long start, long end, int entries) {
    List<VectorDecoder.Part> parts = baskets.stream().map(lb -> part(lb, start, end)).toList();
    return VectorDecoder.decode(s.info(), VectorType.of(s.branch()), parts, entries);
  }

  /** The entries of [start, end) that a basket holds. */
  private static VectorDecoder.Part part(LoadedBasket lb, long start, long end) {
    int from = (int) (Math.max(start, lb.first()) - lb.first());
    int to = (int) (Math.min(end, lb.first() + lb.basket().entries()) - lb.first());
    return new VectorDecoder.Part(lb.first(), lb.basket(), from, to);
  }

  /**
   * Whether {@code before}, a column of the same leaf, has an array for exactly {@code entries}
   * entries (and offsets), which the values of the new range can overwrite.
   */
  private static boolean reusable(Slot s, int entries, Column before) {
    return before != null
        && before.leaf().equals(s.info())
        && before.entries() == entries
        && before.size() == entries * s.info().fixedLength()
        && before.array() != null
        && java.lang.reflect.Array.getLength(before.array()) == before.size();
  }

  /** The array for a fixed-size leaf's values over {@code entries} entries. */
  private static Object newFixedArray(Slot s, int entries) {
    long total = (long) entries * s.info().fixedLength();
    if (total > Integer.MAX_VALUE - 8) {
      throw new RootFormatException(total + " values do not fit one column");
    }
    return newArray(s.info().type(), (int) total);
  }

  private static Column fixedColumn(Slot s, int entries, Object dst) {
    int len = s.info().fixedLength();
    int[] offsets = null;
    if (s.info().shape() == LeafShape.FIXED) {
      offsets = new int[entries + 1];
      for (int e = 0; e <= entries; e++) {
        offsets[e] = e * len;
      }
    }
    return new ArrayColumn(s.info(), entries, offsets, dst, entries * len);
  }

  /**
   * Copies the values of a fixed-size leaf in the entries [start, end) that the basket holding
   * entries from {@code first} has, to their place in {@code dst} (which covers [start, end)).
   */
  private static void copyFixed(
      Slot s, TBasket basket, long first, long start, long end, Object dst) {
    if ((long) basket.entries() * s.entrySize() != basket.border()) {
      throw new RootFormatException(
          "basket from entry "
              + first
              + " holds "
              + basket.border()
              + " bytes of values, expected "
              + basket.entries()
              + " entries of "
              + s.entrySize()
              + " bytes");
    }
    LeafType type = s.info().type();
    int len = s.info().fixedLength();
    int from = (int) (Math.max(start, first) - first);
    int to = (int) (Math.min(end, first + basket.entries()) - first);
    int k = (int) (first + from - start) * len;
    if (s.packing() != null) {
      int firstByte = from * s.entrySize() + s.offsetInEntry();
      copyPacked(s.packing(), basket.data(), firstByte, s.entrySize(), dst, k, to - from, len);
    } else if (s.entrySize() == len * type.size()) {
      copyValues(type, basket.data(), from * s.entrySize(), dst, k, (to - from) * len);
    } else {
      int firstByte = from * s.entrySize() + s.offsetInEntry();
      copyStrided(type, basket.data(), firstByte, s.entrySize(), dst, k, to - from, len);
    }
  }

  private Column decodeJagged(
      Slot s, List<LoadedBasket> baskets, long start, long end, int entries) {
    int size = s.valueBytes();
    int[] offsets = new int[entries + 1];
    long total = 0;
    int e = 0;
    for (LoadedBasket lb : baskets) {
      int[] eo = requireOffsets(lb);
      int from = (int) (Math.max(start, lb.first()) - lb.first());
      int to = (int) (Math.min(end, lb.first() + lb.basket().entries()) - lb.first());
      for (int i = from; i < to; i++) {
        int bytes = eo[i + 1] - eo[i];
        if (bytes % size != 0) {
          throw new RootFormatException(
              "entry "
                  + (lb.first() + i)
                  + " holds "
                  + bytes
                  + " bytes, not a multiple of "
                  + size);
        }
        total += bytes / size;
        if (total > Integer.MAX_VALUE - 8) {
          throw new RootFormatException("more values than fit one column");
        }
        offsets[++e] = (int) total;
      }
    }
    Object dst = newArray(s.info().type(), (int) total);
    int k = 0;
    for (LoadedBasket lb : baskets) {
      int[] eo = lb.basket().entryOffsets();
      int from = (int) (Math.max(start, lb.first()) - lb.first());
      int to = (int) (Math.min(end, lb.first() + lb.basket().entries()) - lb.first());
      int n = (eo[to] - eo[from]) / size;
      if (s.packing() != null) {
        copyPacked(s.packing(), lb.basket().data(), eo[from], size, dst, k, n, 1);
      } else {
        copyValues(s.info().type(), lb.basket().data(), eo[from], dst, k, n);
      }
      k += n;
    }
    return new ArrayColumn(s.info(), entries, offsets, dst, (int) total);
  }

  /**
   * Baskets written with ROOT's kGenerateOffsetMap feature store a jagged leaf's values without
   * entry offsets; ROOT rebuilds them from the counter branch, and so does this: entry {@code e}
   * holds {@code count[e] * fixedLength} values. The branch of a jagged leaf has that one leaf.
   */
  private List<LoadedBasket> withGeneratedOffsets(
      Collection<Slot> slots, List<LoadedBasket> loaded) {
    Slot jagged =
        slots.stream().filter(s -> s.info().shape() == LeafShape.JAGGED).findFirst().orElse(null);
    if (jagged == null
        || loaded.isEmpty()
        || loaded.stream().allMatch(lb -> lb.basket().entryOffsets() != null)) {
      return loaded;
    }
    LoadedBasket last = loaded.get(loaded.size() - 1);
    long from = loaded.get(0).first();
    long to = last.first() + last.basket().entries();
    Column counts;
    try {
      counts = read(jagged.info().countLeaf(), from, to);
    } catch (RootIOException e) {
      throw new LoadFailure(e);
    }
    if (counts.leaf().shape() != LeafShape.SCALAR
        || counts.leaf().type() == LeafType.FLOAT
        || counts.leaf().type() == LeafType.DOUBLE) {
      throw new RootFormatException(
          "counter leaf '" + counts.leaf().name() + "' is not an integer scalar");
    }
    long bytesPerCount = (long) jagged.info().fixedLength() * jagged.valueBytes();
    List<LoadedBasket> out = new ArrayList<>(loaded.size());
    for (LoadedBasket lb : loaded) {
      TBasket basket = lb.basket();
      if (basket.entryOffsets() != null) {
        out.add(lb);
        continue;
      }
      long[] entryBytes = new long[basket.entries()];
      for (int e = 0; e < entryBytes.length; e++) {
        entryBytes[e] = counts.getLong((int) (lb.first() - from) + e) * bytesPerCount;
      }
      try {
        out.add(new LoadedBasket(lb.first(), basket.withEntryOffsets(entryBytes)));
      } catch (RootFormatException e) {
        throw new RootFormatException(
            "basket from entry " + lb.first() + " without entry offsets: " + e.getMessage());
      }
    }
    return out;
  }

  private static int[] requireOffsets(LoadedBasket lb) {
    int[] eo = lb.basket().entryOffsets();
    if (eo == null) {
      throw new RootFormatException(
          "basket from entry " + lb.first() + " has no entry offsets for a variable-size leaf");
    }
    return eo;
  }

  private Column decodeStrings(
      Slot s, List<LoadedBasket> baskets, long start, long end, int entries) {
    String[] out = new String[entries];
    int k = 0;
    for (LoadedBasket lb : baskets) {
      TBasket basket = lb.basket();
      byte[] data = basket.data();
      int[] eo = basket.entryOffsets();
      int from = (int) (Math.max(start, lb.first()) - lb.first());
      int to = (int) (Math.min(end, lb.first() + basket.entries()) - lb.first());
      int p = 0;
      // without entry offsets the strings can only be found by walking from the basket's start
      for (int i = eo == null ? 0 : from; i < to; i++) {
        int limit = eo == null ? basket.border() : eo[i + 1];
        if (eo != null) {
          p = eo[i];
        }
        if (p >= limit) {
          throw new RootFormatException("string of entry " + (lb.first() + i) + " is missing");
        }
        int n = data[p++] & 0xff;
        if (n == 255) {
          if (p + 4 > limit) {
            throw new RootFormatException("string length of entry " + (lb.first() + i) + " is cut");
          }
          n = hepscan.rootio.bytes.RootBuffer.getInt(data, p);
          p += 4;
        }
        if (n < 0 || p + n > limit) {
          throw new RootFormatException(
              "string of entry " + (lb.first() + i) + " (" + n + " bytes) runs past its entry");
        }
        if (i >= from) {
          out[k++] = new String(data, p, n, StandardCharsets.UTF_8);
        }
        p += n;
      }
    }
    return new ArrayColumn(s.info(), entries, null, out, entries);
  }

  static Object newArray(LeafType type, int n) {
    return switch (type) {
      case BOOL -> new boolean[n];
      case CHAR, UCHAR -> new byte[n];
      case SHORT, USHORT -> new short[n];
      case INT, UINT -> new int[n];
      case LONG, ULONG -> new long[n];
      case FLOAT -> new float[n];
      case DOUBLE -> new double[n];
    };
  }

  /**
   * Copies {@code n} big-endian values of {@code type} from {@code src[byteOffset..]} into {@code
   * dst[k..]}.
   */
  private static final VarHandle SHORTS = bigEndian(short[].class);

  private static final VarHandle INTS = bigEndian(int[].class);
  private static final VarHandle LONGS = bigEndian(long[].class);
  private static final VarHandle FLOATS = bigEndian(float[].class);
  private static final VarHandle DOUBLES = bigEndian(double[].class);

  private static VarHandle bigEndian(Class<?> arrayType) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.BIG_ENDIAN);
  }

  /**
   * Copies {@code len} big-endian values of {@code type} per entry, for {@code entries} entries
   * whose values start {@code stride} bytes apart from {@code src[firstByte]} (one leaf of a leaf
   * list), into {@code dst[k..]}. No buffer per entry.
   */
  static void copyStrided(
      LeafType type,
      byte[] src,
      int firstByte,
      int stride,
      Object dst,
      int k,
      int entries,
      int len) {
    int size = type.size();
    for (int e = 0; e < entries; e++) {
      int p = firstByte + e * stride;
      int at = k + e * len;
      for (int i = 0; i < len; i++, p += size, at++) {
        switch (type) {
          case BOOL -> ((boolean[]) dst)[at] = src[p] != 0;
          case CHAR, UCHAR -> ((byte[]) dst)[at] = src[p];
          case SHORT, USHORT -> ((short[]) dst)[at] = (short) SHORTS.get(src, p);
          case INT, UINT -> ((int[]) dst)[at] = (int) INTS.get(src, p);
          case LONG, ULONG -> ((long[]) dst)[at] = (long) LONGS.get(src, p);
          case FLOAT -> ((float[]) dst)[at] = (float) FLOATS.get(src, p);
          case DOUBLE -> ((double[]) dst)[at] = (double) DOUBLES.get(src, p);
        }
      }
    }
  }

  /**
   * As {@link #copyStrided}, for a Double32_t/Float16_t leaf: each value is unpacked into {@code
   * dst}, a double[] or a float[].
   */
  private static void copyPacked(
      FloatPacking packing,
      byte[] src,
      int firstByte,
      int stride,
      Object dst,
      int k,
      int entries,
      int len) {
    int size = packing.size();
    for (int e = 0; e < entries; e++) {
      int p = firstByte + e * stride;
      int at = k + e * len;
      for (int i = 0; i < len; i++, p += size, at++) {
        double v = packing.decode(src, p);
        if (dst instanceof double[] d) {
          d[at] = v;
        } else {
          ((float[]) dst)[at] = (float) v;
        }
      }
    }
  }

  private static void copyValues(
      LeafType type, byte[] src, int byteOffset, Object dst, int k, int n) {
    if (n == 0) {
      return;
    }
    ByteBuffer bb = ByteBuffer.wrap(src, byteOffset, n * type.size()).slice();
    switch (type) {
      case BOOL -> {
        boolean[] d = (boolean[]) dst;
        for (int i = 0; i < n; i++) {
          d[k + i] = src[byteOffset + i] != 0;
        }
      }
      case CHAR, UCHAR -> System.arraycopy(src, byteOffset, dst, k, n);
      case SHORT, USHORT -> bb.asShortBuffer().get((short[]) dst, k, n);
      case INT, UINT -> bb.asIntBuffer().get((int[]) dst, k, n);
      case LONG, ULONG -> bb.asLongBuffer().get((long[]) dst, k, n);
      case FLOAT -> bb.asFloatBuffer().get((float[]) dst, k, n);
      case DOUBLE -> bb.asDoubleBuffer().get((double[]) dst, k, n);
    }
  }
}
