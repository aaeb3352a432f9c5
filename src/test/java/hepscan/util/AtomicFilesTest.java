package hepscan.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void writesWholeContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("sub").resolve("a.txt");
    AtomicFiles.writeString(target, "one");
    AtomicFiles.writeString(target, "two");
    assertEquals("two", Files.readString(target));
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void failedWriteKeepsTheOldFileAndCleansUp(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("a.txt");
    AtomicFiles.writeString(target, "old");
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write('x');
                  throw new IOException("disk full");
                }));
    assertEquals("old", Files.readString(target));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void filesAreNotOwnerOnly(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("shared.csv");
    AtomicFiles.writeString(target, "x");
    // createTempFile would make it rw------- ; results are shared with the group on clusters
    var perms = Files.getPosixFilePermissions(target);
    assertTrue(perms.contains(PosixFilePermission.OWNER_READ));
    assertFalse(
        perms.equals(
            java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)),
        "owner-only permissions: " + perms);
  }

  /** A failed write names the file it was writing and the system's reason, never a temporary. */
  @Test
  void failuresNameTheTargetAndTheReason(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("model/s_abc.zip");
    IOException full =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.writePath(
                    target,
                    tmp -> {
                      throw new IOException("No space left on device");
                    }));
    assertEquals("cannot write " + target + ": No space left on device", full.getMessage());
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertEquals(0, left.count(), "a temporary file was left");
    }
    Files.writeString(dir.resolve("blocked"), "a file where a folder should be");
    IOException blocked =
        assertThrows(
            IOException.class, () -> AtomicFiles.writeString(dir.resolve("blocked/x.csv"), "x"));
    assertEquals(
        "cannot write "
            + dir.resolve("blocked/x.csv")
            + ": "
            + dir.resolve("blocked")
            + " exists and is not a folder",
        blocked.getMessage());
  }

  @Test
  void staleTemporariesAreRemovedAndFreshOnesKept(@TempDir Path dir) throws IOException {
    Path old = Files.writeString(dir.resolve(".s_a.zip.k3j2.tmp"), "killed writer");
    Path fresh = Files.writeString(dir.resolve(".s_b.zip.x9y8.tmp"), "writer at work");
    Path result = Files.writeString(dir.resolve("s_a.csv"), "a result");
    Path oldResult = Files.writeString(dir.resolve("s_c.csv"), "an old result");
    java.nio.file.attribute.FileTime longAgo =
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(AtomicFiles.STALE_TEMPORARY).minusSeconds(60));
    Files.setLastModifiedTime(old, longAgo);
    Files.setLastModifiedTime(oldResult, longAgo);
    assertEquals(1, AtomicFiles.removeStaleTemporaries(dir, AtomicFiles.STALE_TEMPORARY));
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh) && Files.exists(result) && Files.exists(oldResult));
    assertEquals(
        0, AtomicFiles.removeStaleTemporaries(dir.resolve("none"), java.time.Duration.ZERO));
  }
}
