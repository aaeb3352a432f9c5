package hepscan.rootio.write;

import hepscan.rootio.RootIOException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/** A TTree being filled: one {@link BranchWriter} per branch, baskets cut per branch. */
final class FlatTreeWriter implements TreeWriter {
  private final RootFileWriter file;
  private final String name;
  private final String title;
  private final int basketSize;
  private final List<BranchWriter> branches;
  private final BranchWriter.BasketSink sink;
  private long entries;

  FlatTreeWriter(
      RootFileWriter file, String name, String title, List<BranchSpec> specs, int basketSize) {
    this.file = file;
    this.name = name;
    this.title = title;
    this.basketSize = basketSize;
    List<BranchWriter> list = new ArrayList<>(specs.size());
    for (BranchSpec spec : specs) {
      list.add(new BranchWriter(spec, basketSize));
    }
    this.branches = List.copyOf(list);
    this.sink =
        (branch, stored, objlen, n) ->
            file.writeBasket(name, basketSize, branch, stored, objlen, n);
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
    int n = count;
    try {
      // baskets are filled and compressed branch by branch in parallel (the costly part), then
      // written in branch order: the same bytes as one thread would write
      java.util.stream.IntStream range = java.util.stream.IntStream.range(0, columns.length);
      if ((long) n * columns.length >= PARALLEL_VALUES) {
        range = range.parallel();
      }
      range.forEach(i -> branches.get(i).append(columns[i], n, file.compression()));
      for (BranchWriter b : branches) {
        b.writePending(sink);
      }
    } catch (IOException | RuntimeException e) {
      throw file.failure(where(), e); // some branches may have taken the values: the file is lost
    }
    entries += count;
  }

  /** Below this many values an append stays on the calling thread. */
  private static final long PARALLEL_VALUES = 1 << 16;

  /** Writes every branch's partly filled basket. */
  void flush() throws IOException {
    for (BranchWriter b : branches) {
      b.seal(file.compression());
      b.writePending(sink);
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

  private String where() {
    return file.displayName() + ": tree '" + name + "'";
  }

  private List<String> branchNames() {
    return branches.stream().map(b -> b.spec().name()).toList();
  }
}
