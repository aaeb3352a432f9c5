package hepscan.data;

import hepscan.data.expr.VariableRef;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads variables of a tree in a file: ROOT files in production ({@link RootSampleReader}), memory
 * in tests.
 */
@FunctionalInterface
public interface EventSource {
  FileColumns read(Path file, String tree, Set<VariableRef> variables) throws DataException;

  /**
   * The same variables read a range of entries at a time, so that memory holds one range's columns,
   * not the file's. This default reads the whole file as one range.
   */
  default Ranges ranges(Path file, String tree, Set<VariableRef> variables) throws DataException {
    FileColumns whole = read(file, tree, variables);
    return new Ranges() {
      private boolean given;

      @Override
      public FileColumns next() {
        if (given) {
          return null;
        }
        given = true;
        return whole;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The entries of {@code tree} in {@code file}, from its metadata without reading data (for the
   * preparation's progress), or -1 when this source cannot say.
   */
  default long entryCount(Path file, String tree) {
    return -1;
  }

  /**
   * What keeps {@code variables} from being read from {@code tree} of {@code file} (missing file,
   * tree or branch, a branch of the wrong shape), found from the file's metadata without reading
   * data; empty when nothing does.
   */
  default java.util.List<String> problems(Path file, String tree, Set<VariableRef> variables) {
    return java.util.List.of();
  }

  /**
   * A tree's entries in consecutive ranges from entry 0, each read when asked for, possibly into
   * the arrays of the range before: use a range's columns before asking for the next.
   */
  interface Ranges extends AutoCloseable {
    /** The columns of the range after the last one given, or null once every entry was given. */
    FileColumns next() throws DataException;

    @Override
    void close();
  }
}
