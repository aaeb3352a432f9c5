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
    this.sink = (branch, values, n) -> file.writeBasket(name, basketSize, branch, values, n);
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
    try {
      for (int i = 0; i < columns.length; i++) {
        branches.get(i).append(columns[i], count, sink);
      }
    } catch (IOException | RuntimeException e) {
      throw file.failure(where(), e); // some branches may have taken the values: the file is lost
    }
    entries += count;
  }

  /** Writes every branch's partly filled basket. */
  void flush() throws IOException {
    for (BranchWriter b : branches) {
      b.flush(sink);
    }
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
