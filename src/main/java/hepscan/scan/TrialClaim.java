package hepscan.scan;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A claim on a trial while it trains: a file created atomically (create-new) beside the results,
 * holding the host, the PID and the start time, touched after every epoch. A second process (a
 * concurrent scan, a SLURM task given the same trial) finds it and leaves the trial alone. A claim
 * is stale when its process is gone (same host) or it has not been touched for {@link
 * #STALE_ELSEWHERE} (another host); a stale claim is taken over.
 */
public final class TrialClaim implements AutoCloseable {
  /** How long a claim of another host lives without a touch (an epoch longer than this is rare). */
  public static final Duration STALE_ELSEWHERE = Duration.ofMinutes(30);

  private final Path file;

  private TrialClaim(Path file) {
    this.file = file;
  }

  /** Who holds a claim, as its file says. */
  public record Holder(String host, long pid, String since) {
    @Override
    public String toString() {
      return host + " pid " + pid + " since " + since;
    }
  }

  /** The outcome of a claim attempt: the claim, or who holds the trial. */
  public record Attempt(Optional<TrialClaim> claim, Optional<Holder> heldBy) {}

  /** Claims {@code file}'s trial for this process unless a live process holds it. */
  public static Attempt take(Path file) throws IOException {
    // a round that removed a stale claim does not count: the next round creates the claim
    for (int attempt = 0; attempt < 3; ) {
      try {
        Files.write(
            file,
            content().getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return new Attempt(Optional.of(new TrialClaim(file)), Optional.empty());
      } catch (FileAlreadyExistsException e) {
        Optional<Holder> holder = read(file);
        if (holder.isPresent() && alive(holder.get(), file)) {
          return new Attempt(Optional.empty(), holder);
        }
        // stale (or unreadable, being written this instant: then the next round sees it whole)
        if (holder.isEmpty() || !removeStale(file, holder.get())) {
          attempt++;
        }
      }
    }
    return new Attempt(Optional.empty(), read(file));
  }

  /**
   * Removes the stale claim of {@code holder}, unless another process took it over meanwhile. Two
   * processes that find the same stale claim must not both take it: the second would delete the
   * first one's fresh claim. So a takeover holds a token file (created exclusively) while it checks
   * that the claim is still the stale one and removes it; a token left by a killed process ages
   * out. Returns whether this call removed it.
   */
  private static boolean removeStale(Path file, Holder holder) throws IOException {
    Path token = file.resolveSibling(file.getFileName() + ".takeover");
    try {
      Files.write(token, content().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      try {
        if (Files.getLastModifiedTime(token)
            .toInstant()
            .isBefore(Instant.now().minus(STALE_TAKEOVER))) {
          Files.deleteIfExists(token); // its process died mid-takeover
        }
      } catch (NoSuchFileException gone) {
        // finished meanwhile
      }
      return false; // another process is taking it over: the next round sees its claim
    }
    try {
      return read(file).equals(Optional.of(holder)) && Files.deleteIfExists(file);
    } finally {
      Files.deleteIfExists(token);
    }
  }

  /** A takeover takes milliseconds; a token older than this was left by a killed process. */
  static final java.time.Duration STALE_TAKEOVER = java.time.Duration.ofMinutes(1);

  /** Shows that the claim's process is still at work (another host's claims age otherwise). */
  public void touch() {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // a claim that ages costs at most a duplicate training, never a result
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }

  private static String content() {
    return "host="
        + hostName()
        + " pid="
        + ProcessHandle.current().pid()
        + " since="
        + Instant.now()
        + "\n";
  }

  static Optional<Holder> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Map<String, String> kv = new HashMap<>();
    for (String field : text.strip().split("\\s+")) {
      String[] p = field.split("=", 2);
      if (p.length == 2) {
        kv.put(p[0], p[1]);
      }
    }
    try {
      return Optional.of(
          new Holder(kv.get("host"), Long.parseLong(kv.get("pid")), kv.getOrDefault("since", "?")));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static boolean alive(Holder h, Path file) throws IOException {
    if (h.host().equals(hostName())) {
      return ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
    try {
      Instant touched = Files.getLastModifiedTime(file).toInstant();
      return touched.isAfter(Instant.now().minus(STALE_ELSEWHERE));
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** This machine's host name, as claims and SLURM markers record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
