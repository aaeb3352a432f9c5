package hepscan.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialClaimTest {
  @TempDir Path dir;

  @Test
  void aLiveClaimKeepsOthersOutUntilItIsReleased() throws Exception {
    Path file = dir.resolve(".s_abc.claim");
    TrialClaim.Attempt first = TrialClaim.take(file);
    assertTrue(first.claim().isPresent());
    TrialClaim.Attempt second = TrialClaim.take(file); // this process is alive: held
    assertTrue(second.claim().isEmpty());
    assertEquals(ProcessHandle.current().pid(), second.heldBy().orElseThrow().pid());
    first.claim().get().close();
    assertFalse(Files.exists(file));
    try (TrialClaim again = TrialClaim.take(file).claim().orElseThrow()) {
      assertTrue(Files.exists(file));
    }
  }

  @Test
  void theClaimOfAProcessThatIsGoneIsTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path file = dir.resolve(".s_dead.claim");
    Files.writeString(
        file,
        "host=" + TrialClaim.hostName() + " pid=" + p.pid() + " since=2026-01-01T00:00:00Z\n");
    try (TrialClaim c = TrialClaim.take(file).claim().orElseThrow()) {
      assertEquals(
          ProcessHandle.current().pid(), TrialClaim.read(file).orElseThrow().pid(), "not retaken");
    }
  }

  @Test
  void anotherHostsClaimLivesWhileItIsTouched() throws Exception {
    Path file = dir.resolve(".s_far.claim");
    Files.writeString(file, "host=elsewhere.example pid=1 since=2026-01-01T00:00:00Z\n");
    TrialClaim.Attempt fresh = TrialClaim.take(file);
    assertTrue(fresh.claim().isEmpty());
    assertEquals("elsewhere.example", fresh.heldBy().orElseThrow().host());
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.now().minus(TrialClaim.STALE_ELSEWHERE).minusSeconds(60)));
    try (TrialClaim c = TrialClaim.take(file).claim().orElseThrow()) {
      assertEquals(TrialClaim.hostName(), TrialClaim.read(file).orElseThrow().host());
    }
  }

  /**
   * Several takers find the same stale claim at once: exactly one gets the trial (before the
   * takeover token, a late taker deleted the first one's fresh claim and both trained it).
   */
  @Test
  void aStaleClaimFoundByManyAtOnceGoesToExactlyOne() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    int takers = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(takers);
    try {
      for (int round = 0; round < 100; round++) {
        Path file = dir.resolve(".s_race" + round + ".claim");
        Files.writeString(
            file,
            "host=" + TrialClaim.hostName() + " pid=" + p.pid() + " since=2026-01-01T00:00:00Z\n");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(takers);
        java.util.List<java.util.concurrent.Future<TrialClaim.Attempt>> attempts =
            new java.util.ArrayList<>();
        for (int t = 0; t < takers; t++) {
          attempts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return TrialClaim.take(file);
                  }));
        }
        java.util.List<TrialClaim> won = new java.util.ArrayList<>();
        for (var a : attempts) {
          a.get().claim().ifPresent(won::add);
        }
        for (TrialClaim c : won) {
          c.close(); // only once every taker is done: a released claim may be taken again
        }
        assertEquals(1, won.size(), "round " + round + ": takers that got the trial");
        assertFalse(Files.exists(file.resolveSibling(file.getFileName() + ".takeover")));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
