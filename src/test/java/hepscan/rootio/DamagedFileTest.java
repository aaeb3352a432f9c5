package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import hepscan.rootio.file.KeyHeader;
import hepscan.rootio.tree.LeafInfo;
import hepscan.rootio.tree.TBranch;
import hepscan.rootio.tree.TreeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files made here from real ones: each must fail with a one-line RootIOException naming the
 * file (and tree/branch where one is involved) — never another exception, an OutOfMemoryError or a
 * hang (the timeouts are only a hang guard).
 */
class DamagedFileTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private Path copy(String name, byte[] bytes) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private static byte[] bytesOf(String name) throws IOException {
    return Files.readAllBytes(RootTestFiles.file(name));
  }

  /** Opens the file and reads every leaf of every tree. */
  private static void readEverything(Path p) throws RootIOException {
    try (RootFile f = RootFile.open(p)) {
      for (String tree : f.treePaths()) {
        TreeReader t = f.tree(tree);
        t.read(t.leaves().stream().map(LeafInfo::name).toList());
      }
    }
  }

  private static RootIOException assertFailsCleanly(Path p, String... mustContain) {
    RootIOException e =
        assertTimeoutPreemptively(
            HANG_GUARD, () -> assertThrows(RootIOException.class, () -> readEverything(p)));
    String m = e.getMessage();
    assertFalse(m.contains("\n"), "message must be one line: " + m);
    assertTrue(m.startsWith(p.toString() + ": "), "message must name the file: " + m);
    for (String s : mustContain) {
      assertTrue(m.contains(s), "message must contain '" + s + "': " + m);
    }
    return e;
  }

  @Test
  void truncatedFile() throws Exception {
    byte[] all = bytesOf("uproot-HZZ.root");
    assertFailsCleanly(
        copy("half.root", Arrays.copyOf(all, all.length / 2)),
        "file is truncated: header says it ends at byte " + all.length);
    assertFailsCleanly(copy("tiny.root", Arrays.copyOf(all, 20)), "file is truncated");
  }

  @Test
  void truncatedFileWithPatchedEnd() throws Exception {
    // The header's fEND made to agree with the truncated size: the key list then points past the
    // end.
    byte[] all = bytesOf("uproot-HZZ.root");
    int cut = all.length - 3000;
    byte[] b = Arrays.copyOf(all, cut);
    ByteBuffer.wrap(b).putInt(12, cut);
    assertFailsCleanly(copy("cut.root", b));
  }

  @Test
  void badMagic() throws Exception {
    byte[] b = bytesOf("uproot-simple.root");
    b[0] = 'R';
    assertFailsCleanly(copy("magic.root", b), "not a ROOT file");
  }

  @Test
  void randomBytes() throws Exception {
    byte[] b = new byte[20000];
    new Random(42).nextBytes(b);
    assertFailsCleanly(copy("random.root", b), "not a ROOT file");
  }

  @Test
  void realHeaderFollowedByRandomBytes() throws Exception {
    byte[] b = bytesOf("uproot-simple.root");
    byte[] noise = new byte[b.length - 100];
    new Random(7).nextBytes(noise);
    System.arraycopy(noise, 0, b, 100, noise.length);
    assertFailsCleanly(copy("noise.root", b));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "uproot-HZZ-zlib.root, zlib data corrupt",
    "uproot-HZZ-lzma.root, lzma data corrupt",
    "uproot-HZZ-lz4.root, lz4 data corrupt"
  })
  void flippedByteInsideACompressedBasket(String name, String expected) throws Exception {
    Path original = RootTestFiles.file(name);
    long seek;
    int nbytes;
    String branch;
    try (RootFile f = RootFile.open(original)) {
      TBranch b =
          f.tree("events").model().branches().stream()
              .filter(x -> x.writeBasket() > 0 && x.basketBytes(0) > 1000)
              .findFirst()
              .orElseThrow();
      branch = b.name();
      seek = b.basketSeek(0);
      nbytes = b.basketBytes(0);
    }
    byte[] bytes = Files.readAllBytes(original);
    int flip = (int) seek + nbytes / 2;
    bytes[flip] ^= 0x5a;
    assertFailsCleanly(
        copy("flip-" + name, bytes),
        "tree 'events' branch '" + branch + "'",
        "basket 0 at offset " + seek,
        expected);
  }

  @Test
  void keyWithHugeLength() throws Exception {
    byte[] bytes = bytesOf("uproot-Zmumu.root");
    KeyHeader tree;
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-Zmumu.root"))) {
      tree = f.keys().get(0).header();
    }
    // The key appears twice: as the record's own header and in the directory's key list. Damage
    // both.
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    int patched = 0;
    for (int i = 0; i + 10 <= bytes.length; i++) {
      if (bb.getInt(i) == tree.nbytes()
          && bb.getShort(i + 4) == tree.version()
          && bb.getInt(i + 6) == tree.objlen()) {
        bb.putInt(i, 0x7ffffff0);
        patched++;
      }
    }
    assertTrue(patched >= 2, "key header not found");
    assertFailsCleanly(copy("hugekey.root", bytes), "beyond the end of the file");
  }

  @Test
  void keyWithWrongObjectLength() throws Exception {
    byte[] bytes = bytesOf("uproot-Zmumu.root");
    KeyHeader tree;
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-Zmumu.root"))) {
      tree = f.keys().get(0).header();
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    for (int i = 0; i + 10 <= bytes.length; i++) {
      if (bb.getInt(i) == tree.nbytes()
          && bb.getShort(i + 4) == tree.version()
          && bb.getInt(i + 6) == tree.objlen()) {
        bb.putInt(
            i + 6, 1 << 30); // claims 1 GiB once decompressed: must be refused before allocating
      }
    }
    assertFailsCleanly(
        copy("objlen.root", bytes), "tree 'events'", "record header announces 1073741824");
  }

  @Test
  void branchThatDoesNotExist() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-HZZ.root"))) {
      RootIOException e =
          assertThrows(RootIOException.class, () -> f.tree("events").read("Jet_Pxx"));
      assertTrue(
          e.getMessage()
              .contains(
                  "uproot-HZZ.root: tree 'events': no branch or leaf named 'Jet_Pxx'"
                      + " (did you mean Jet_Px"),
          e.getMessage());
      RootIOException noTree = assertThrows(RootIOException.class, () -> f.tree("event"));
      assertTrue(
          noTree.getMessage().endsWith("uproot-HZZ.root: no TTree 'event' (trees: events)"),
          noTree.getMessage());
    }
  }

  @Test
  void missingFile() {
    Path p = tmp.resolve("absent.root");
    RootIOException e = assertThrows(RootIOException.class, () -> RootFile.open(p));
    assertTrue(e.getMessage().equals(p + ": no such file"), e.getMessage());
  }

  /**
   * Single-byte corruptions anywhere in a small file: reading either succeeds (the byte was not
   * checked, e.g. a title or an uncompressed value) or fails with a RootIOException; nothing else.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "uproot-sample-6.20.04-zlib.root",
        "uproot-sample-6.20.04-uncompressed.root",
        "uproot-nesteddirs.root",
        "uproot-leaflist.root",
        "uproot-issue38a.root",
        "uproot-vectorVectorDouble.root"
      })
  void randomSingleByteCorruptionsNeverEscapeAsOtherErrors(String name) throws Exception {
    byte[] original = bytesOf(name);
    Random random = new Random(2026);
    int failures = 0;
    for (int trial = 0; trial < Integer.getInteger("fuzz.trials", 300); trial++) {
      byte[] b = original.clone();
      int at = random.nextInt(b.length);
      b[at] = (byte) (b[at] ^ (1 + random.nextInt(255)));
      Path p = copy("fuzz.root", b);
      Throwable outcome =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> {
                try {
                  readEverything(p);
                  return null;
                } catch (Throwable e) {
                  return e;
                }
              });
      if (outcome instanceof RootIOException e) {
        failures++;
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      } else if (outcome != null) {
        fail("byte " + at + " flipped: " + outcome, outcome);
      }
    }
    assertTrue(failures > 0, "no corruption was detected at all");
  }
}
