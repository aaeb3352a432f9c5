package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hepscan.rootio.RootIOException;
import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misuse and failure: one-line errors naming file, tree and branch; never a file left behind. */
class RootFileWriterErrorsTest {
  @TempDir Path dir;

  private static double[] compressible(int n) {
    return RootFileWriterTest.compressible(n);
  }

  private static final List<BranchSpec> XN =
      List.of(new BranchSpec("x", LeafType.DOUBLE), new BranchSpec("n", LeafType.INT));

  private void assertDirEmptyBut(Path... expected) throws Exception {
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(expected), left.toList());
    }
  }

  @Test
  void closeWithoutFinishLeavesNothing() throws Exception {
    Path file = dir.resolve("abandoned.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree("t", "", List.of(new BranchSpec("x", LeafType.DOUBLE)))
          .append((Object) compressible(100_000));
    }
    assertFalse(Files.exists(file));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "temporary file removed");
    }
  }

  @Test
  void failureMidWriteLeavesNoTargetAndKeepsAnOldFile() throws Exception {
    Path file = dir.resolve("out.root");
    Files.writeString(file, "previous content");
    RootIOException e =
        assertThrows(
            RootIOException.class,
            () -> {
              try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
                TreeWriter t =
                    w.createTree(
                        "t",
                        "",
                        List.of(
                            new BranchSpec("x", LeafType.DOUBLE),
                            new BranchSpec("n", LeafType.INT)));
                t.append(compressible(100_000), new int[100_000]);
                t.append(new double[3], new long[3]); // wrong type: the caller gives up
                w.finish();
              }
            });
    assertTrue(
        e.getMessage().contains("out.root")
            && e.getMessage().contains("branch 'n'")
            && e.getMessage().contains("int[]"),
        e.getMessage());
    assertEquals("previous content", Files.readString(file));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList());
    }
  }

  @Test
  void badAppendsNameFileTreeAndBranch() throws Exception {
    Path file = dir.resolve("bad.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("events", "", XN);
      String wrongCount =
          assertThrows(RootIOException.class, () -> t.append((Object) new double[1])).getMessage();
      assertTrue(
          wrongCount.contains("bad.root")
              && wrongCount.contains("tree 'events'")
              && wrongCount.contains("1 arrays for 2 branches [x, n]"),
          wrongCount);
      String wrongLength =
          assertThrows(RootIOException.class, () -> t.append(new double[2], new int[3]))
              .getMessage();
      assertTrue(wrongLength.contains("branch 'n': 3 values, but branch 'x' has 2"), wrongLength);
      String nullColumn =
          assertThrows(RootIOException.class, () -> t.append(new double[2], null)).getMessage();
      assertTrue(nullColumn.contains("branch 'n' (Int_t): expected int[], got null"), nullColumn);
      assertEquals(0, t.entries(), "rejected appends add nothing");
    }
    assertDirEmptyBut();
  }

  @Test
  void badTreesAreRejected() throws Exception {
    Path file = dir.resolve("trees.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree("t", "", XN);
      assertTrue(
          assertThrows(RootIOException.class, () -> w.createTree("t", "", XN))
              .getMessage()
              .contains("tree 't' is already being written"));
      assertTrue(
          assertThrows(RootIOException.class, () -> w.createTree("u", "", List.of()))
              .getMessage()
              .contains("tree 'u' needs at least one branch"));
      assertTrue(
          assertThrows(
                  RootIOException.class,
                  () ->
                      w.createTree(
                          "v",
                          "",
                          List.of(
                              new BranchSpec("a", LeafType.INT),
                              new BranchSpec("a", LeafType.FLOAT))))
              .getMessage()
              .contains("branch 'a' appears twice"));
      assertTrue(
          assertThrows(RootIOException.class, () -> w.createTree("", "", XN))
              .getMessage()
              .contains("non-empty name"));
      assertTrue(
          assertThrows(RootIOException.class, () -> w.createTree("w", "", XN, 10))
              .getMessage()
              .contains("basket size 10"));
    }
  }

  @Test
  void nothingCanBeWrittenAfterFinish() throws Exception {
    Path file = dir.resolve("done.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter t = w.createTree("t", "", XN);
      w.finish();
      String msg =
          assertThrows(RootIOException.class, () -> t.append(new double[1], new int[1]))
              .getMessage();
      assertTrue(
          msg.contains("done.root")
              && msg.contains("cannot append to tree 't'")
              && msg.contains("finished"),
          msg);
      assertThrows(RootIOException.class, w::finish);
    }
    assertTrue(Files.size(file) > 0);
    assertDirEmptyBut(file);
  }

  @Test
  void finishedFileHasTheDirectorysDefaultPermissions() throws Exception {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path plain = Files.createFile(dir.resolve("plain"));
    Path file = dir.resolve("perm.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      w.createTree("t", "", XN);
      w.finish();
    }
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
  }

  @Test
  void unwritableTargetIsReportedWithItsPath() throws Exception {
    Path blocker = dir.resolve("plain-file");
    Files.writeString(blocker, "x");
    Path file = blocker.resolve("sub.root");
    String msg =
        assertThrows(
                RootIOException.class,
                () -> RootFileWriter.create(file, CompressionSetting.zlib(1)))
            .getMessage();
    assertTrue(msg.startsWith("cannot create ROOT file " + file.toAbsolutePath()), msg);
  }
}
