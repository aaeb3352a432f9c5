package hepscan.rootio.write;

import hepscan.rootio.RootIOException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * A TTree being filled: one {@link BranchWriter} per branch, baskets cut per branch. An array
 * branch's column holds the values of all appended entries one after the other; its counter's
 * column, in the same call, says how many belong to each entry.
 */
final class FlatTreeWriter implements TreeWriter {
  private final RootFileWriter file;
  private final String name;
  private final String title;
  private final int basketSize;
  private final List<BranchWriter> branches;
  private final BranchWriter.BasketSink sink;

  /** For each branch, the index of its counter branch, or -1 for a scalar branch. */
  private final int[] counterOf;

  private long entries;
  private long fileWriteNanos;

  FlatTreeWriter(
      RootFileWriter file, String name, String title, List<BranchSpec> specs, int basketSize) {
    this.file = file;
    this.name = name;
    this.title = title;
    this.basketSize = basketSize;
    List<BranchWriter> list = new ArrayList<>(specs.size());
    for (BranchSpec spec : specs) {
      list.add(
          new BranchWriter(spec, basketSize, RootFileWriter.basketKeyLength(name, spec.name())));
    }
    this.branches = List.copyOf(list);
    this.counterOf = new int[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      counterOf[i] = -1;
      for (int j = 0; j < i && specs.get(i).isJagged(); j++) {
        if (specs.get(j).name().equals(specs.get(i).counter())) {
          counterOf[i] = j;
        }
      }
    }
    this.sink =
        (branch, stored, objlen, valueBytes, n) ->
            file.writeBasket(name, basketSize, branch, stored, objlen, valueBytes, n);
  }

  String name() {
    return name;
  }

  String title() {
    return title;
  }

  int basketSize() {
    return basketSize;
  }

  List<BranchWriter> branches() {
    return branches;
  }

  @Override
  public void append(Object... columns) throws RootIOException {
    file.checkWritable("append to tree '" + name + "'");
    if (columns.length != branches.size()) {
      throw new RootIOException(
          where()
              + ": append got "
              + columns.length
              + " arrays for "
              + branches.size()
              + " branches "
              + branchNames());
    }
    int count = -1;
    for (int i = 0; i < columns.length; i++) {
      BranchSpec spec = branches.get(i).spec();
      Class<?> expected = BranchWriter.arrayClass(spec.type());
      if (columns[i] == null || columns[i].getClass() != expected) {
        throw new RootIOException(
            where()
                + ", branch '"
                + spec.name()
                + "' ("
                + spec.type().rootTypeName()
                + "): expected "
                + expected.getSimpleName()
                + ", got "
                + (columns[i] == null ? "null" : columns[i].getClass().getSimpleName()));
      }
      if (counterOf[i] >= 0) {
        continue; // its length is checked against its counter below
      }
      int n = Array.getLength(columns[i]);
      if (count >= 0 && n != count) {
        throw new RootIOException(
            where()
                + ", branch '"
                + spec.name()
                + "': "
                + n
                + " values, but branch '"
                + branches.get(0).spec().name()
                + "' has "
                + count);
      }
      count = n;
    }
    int[] maxLength = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (counterOf[i] >= 0) {
        maxLength[i] = checkLengths(i, (int[]) columns[counterOf[i]], Array.getLength(columns[i]));
      }
    }
    for (int i = 0;
        i < columns.length;
        i++) { // only once every check passed: a refusal adds nothing
      if (counterOf[i] >= 0) {
        branches.get(counterOf[i]).noteCount(maxLength[i]);
      }
    }
    int n = count;
    try {
      // baskets are filled and compressed branch by branch in parallel (the costly part), then
      // written in branch order: the same bytes as one thread would write
      java.util.stream.IntStream range = java.util.stream.IntStream.range(0, columns.length);
      if ((long) n * columns.length >= PARALLEL_VALUES) {
        range = range.parallel();
      }
      range.forEach(
          i -> {
            BranchWriter b = branches.get(i);
            if (counterOf[i] >= 0) {
              b.appendArrays(columns[i], (int[]) columns[counterOf[i]], file.compression());
            } else {
              b.append(columns[i], n, file.compression());
            }
          });
      long t0 = System.nanoTime();
      for (BranchWriter b : branches) {
        b.writePending(sink);
      }
      fileWriteNanos += System.nanoTime() - t0;
    } catch (IOException | RuntimeException e) {
      throw file.failure(where(), e); // some branches may have taken the values: the file is lost
    }
    entries += count;
  }

  /**
   * Checks that array branch {@code i} got exactly the values its counter's lengths add up to;
   * returns the largest length.
   */
  private int checkLengths(int i, int[] lengths, int values) throws RootIOException {
    BranchWriter counter = branches.get(counterOf[i]);
    long sum = 0;
    int max = 0;
    for (int e = 0; e < lengths.length; e++) {
      if (lengths[e] < 0) {
        throw new RootIOException(
            where()
                + ", branch '"
                + counter.spec().name()
                + "': entry "
                + (entries + e)
                + " has length "
                + lengths[e]
                + "; a counter cannot be negative");
      }
      sum += lengths[e];
      max = Math.max(max, lengths[e]);
    }
    if (sum != values) {
      throw new RootIOException(
          where()
              + ", branch '"
              + branches.get(i).spec().name()
              + "': "
              + values
              + " values, but the lengths in '"
              + counter.spec().name()
              + "' add up to "
              + sum);
    }
    return max;
  }

  /** Below this many values an append stays on the calling thread. */
  private static final long PARALLEL_VALUES = 1 << 16;

  /** Writes every branch's partly filled basket. */
  void flush() throws IOException {
    for (BranchWriter b : branches) {
      b.seal(file.compression());
      long t0 = System.nanoTime();
      b.writePending(sink);
      fileWriteNanos += System.nanoTime() - t0;
    }
  }

  /** Frees the branches' compressors. */
  void close() {
    branches.forEach(BranchWriter::close);
  }

  @Override
  public long entries() {
    return entries;
  }

  @Override
  public long compressionNanos() {
    return branches.stream().mapToLong(BranchWriter::compressionNanos).sum();
  }

  @Override
  public long fileWriteNanos() {
    return fileWriteNanos;
  }

  private String where() {
    return file.displayName() + ": tree '" + name + "'";
  }

  private List<String> branchNames() {
    return branches.stream().map(b -> b.spec().name()).toList();
  }
}
