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
   * What keeps {@code variables} from being read from {@code tree} of {@code file} (missing file,
   * tree or branch, a branch of the wrong shape), found from the file's metadata without reading
   * data; empty when nothing does.
   */
  default java.util.List<String> problems(Path file, String tree, Set<VariableRef> variables) {
    return java.util.List.of();
  }
}
