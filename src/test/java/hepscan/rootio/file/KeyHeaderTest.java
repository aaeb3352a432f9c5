package hepscan.rootio.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.RootFile;
import hepscan.rootio.RootTestFiles;
import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The key header's consistency check accepts the layouts ROOT writes (TKey::Create sets fNbytes to
 * fKeylen plus the stored object, uncompressed exactly when that is fObjlen) and rejects only
 * impossible ones, as ROOT's own TKey::ReadKeyBuffer does: a header longer than fKeylen, fNbytes
 * below fKeylen, a negative fObjlen.
 */
class KeyHeaderTest {

  /** Every key of every real test file passes, compressed or not, and its record is read. */
  @Test
  void everyKeyOfTheRealFilesIsAccepted() throws Exception {
    int uncompressed = 0;
    for (Path p : RootTestFiles.all()) {
      try (RootFile f = RootFile.open(p)) {
        for (RootFile.Key k : f.keys()) {
          KeyHeader h = k.header();
          KeyHeader onDisk = KeyHeader.read(RootBuffer.of(f.readBytes(h.seekKey(), h.nbytes())));
          assertEquals(h, onDisk, p.getFileName() + " " + k.path());
          if (h.nbytes() == h.keylen() + h.objlen()) {
            assertFalse(h.compressed(), k.path());
            uncompressed++;
          } else {
            assertTrue(h.compressed() && h.nbytes() - h.keylen() < h.objlen(), k.path());
          }
        }
      }
    }
    assertTrue(uncompressed > 0, "no uncompressed record among the test files");
  }

  /**
   * A real uncompressed record (the StreamerInfo list g4tools writes), then the same header made
   * impossible.
   */
  @Test
  void onlyImpossibleSizesAreRejected() throws Exception {
    byte[] real;
    try (RootFile f = RootFile.open(RootTestFiles.file("uproot-from-geant4.root"))) {
      KeyHeader info = f.streamerInfoKey();
      real = f.readBytes(info.seekKey(), info.nbytes());
    }
    KeyHeader h = KeyHeader.read(RootBuffer.of(real));
    assertEquals(h.keylen() + h.objlen(), h.nbytes());
    assertFalse(h.compressed());

    // an empty object: nbytes == keylen, objlen 0 (uncompressed, nothing after the header)
    KeyHeader empty = KeyHeader.read(RootBuffer.of(withSizes(real, h.keylen(), 0, h.keylen())));
    assertFalse(empty.compressed());

    assertCorrupt(withSizes(real, h.nbytes(), h.objlen(), h.keylen() - 1)); // header longer
    assertCorrupt(withSizes(real, h.keylen() - 1, h.objlen(), h.keylen())); // nbytes < keylen
    assertCorrupt(withSizes(real, h.nbytes(), -1, h.keylen())); // negative object size
  }

  private static void assertCorrupt(byte[] record) {
    RootFormatException e =
        assertThrows(RootFormatException.class, () -> KeyHeader.read(RootBuffer.of(record)));
    assertTrue(e.getMessage().startsWith("corrupt key 'StreamerInfo'"), e.getMessage());
  }

  /** The record with fNbytes, fObjlen and fKeylen replaced (offsets 0, 6 and 14 of a TKey). */
  private static byte[] withSizes(byte[] record, int nbytes, int objlen, int keylen) {
    byte[] out = record.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    b.putInt(0, nbytes);
    b.putInt(6, objlen);
    b.putShort(14, (short) keylen);
    return out;
  }
}
