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
}
