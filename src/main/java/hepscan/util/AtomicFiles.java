package hepscan.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old content or the whole new content, never a
 * half-written file: the bytes go to a temporary file beside the target, which is then renamed.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Something that writes a whole file at the given (temporary) path. */
  @FunctionalInterface
  public interface PathWriter {
    void write(Path tmp) throws IOException;
  }

  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  public static void writeBytes(Path target, byte[] content) throws IOException {
    write(target, out -> out.write(content));
  }

  public static void write(Path target, StreamWriter writer) throws IOException {
    writePath(
        target,
        tmp -> {
          try (OutputStream out = Files.newOutputStream(tmp)) {
            writer.write(out);
          }
        });
  }

  /** Lets {@code writer} create the file at a temporary path, then renames it to {@code target}. */
  public static void writePath(Path target, PathWriter writer) throws IOException {
    Path abs = target.toAbsolutePath();
    try {
      Path dir = abs.getParent();
      Files.createDirectories(dir);
      Path tmp = temporarySibling(abs);
      try {
        writer.write(tmp);
        // on disk before the name appears: after a node crash a result is whole or absent
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          c.force(true);
        }
        moveIntoPlace(tmp, abs);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      // the message names what was being written, not a temporary name, and the system's reason
      throw new IOException("cannot write " + abs + ": " + reason(e), e);
    }
  }

  /**
   * The system's reason for an I/O failure, in words (a FileSystemException's message is a path).
   */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder: " + ((java.nio.file.FileSystemException) e).getFile();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a folder";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /**
   * A fresh temporary file beside {@code target}: same directory, so the rename stays atomic.
   * Created with the default permissions (umask), not createTempFile's owner-only ones, so that the
   * final file is as readable by the group as any other (results are shared on clusters).
   */
  public static Path temporarySibling(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          abs.resolveSibling(
              "."
                  + abs.getFileName()
                  + "."
                  + Long.toUnsignedString(RANDOM.nextLong(), 36)
                  + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** How old a temporary file must be to count as left by a killed writer, not a running one. */
  public static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofHours(6);

  /**
   * Deletes the temporary files ({@code .NAME.RANDOM.tmp}) in {@code dir} that are older than
   * {@code age}: what a writer killed mid-write left (for the data cache, a whole copy of the
   * data). Younger ones may belong to a writer still at work and are left alone.
   *
   * @return how many were deleted
   */
  public static int removeStaleTemporaries(Path dir, java.time.Duration age) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    java.time.Instant before = java.time.Instant.now().minus(age);
    int removed = 0;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String n = f.getFileName().toString();
        if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(f)) {
          try {
            if (Files.getLastModifiedTime(f).toInstant().isBefore(before)
                && Files.deleteIfExists(f)) {
              removed++;
            }
          } catch (java.nio.file.NoSuchFileException e) {
            // renamed or removed meanwhile by its writer
          }
        }
      }
    }
    return removed;
  }

  /** Renames {@code tmp} to {@code target}, atomically where the file system allows it. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
