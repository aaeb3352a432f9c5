package hepscan.rootio.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded TStreamerInfo records: well framed, and one per class (and version) we write. */
class StreamerInfoResourceTest {
  @Test
  void holdsOneRecordPerClassWritten() throws Exception {
    byte[] bytes;
    try (InputStream in = RootFileWriter.class.getResourceAsStream("streamer-infos.bin")) {
      bytes = in.readAllBytes();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    List<String> classes = new ArrayList<>();
    while (b.hasRemaining()) {
      int start = b.position();
      int count = b.getInt() & ~0x40000000;
      assertEquals(0xFFFFFFFF, b.getInt(), "new-class tag at " + start);
      assertEquals("TStreamerInfo", cString(b));
      b.position(b.position() + 6 + 6 + 2 + 4 + 4); // TStreamerInfo and TNamed headers, TObject
      String name = string(b);
      string(b); // title
      b.getInt(); // class checksum
      int version = b.getInt();
      classes.add(name + " v" + version);
      b.position(start + 4 + count);
      assertEquals(0, b.get(), "empty TList option after " + name);
    }
    assertEquals(
        List.of(
            "TString v2",
            "TObject v1",
            "TNamed v1",
            "TLeaf v2",
            "TLeafB v1",
            "TLeafS v1",
            "TLeafI v1",
            "TLeafL v1",
            "TLeafF v1",
            "TLeafD v1",
            "TLeafC v1",
            "TLeafO v1",
            "TCollection v3",
            "TSeqCollection v0",
            "TObjArray v3",
            "ROOT::TIOFeatures v1",
            "TAttFill v2",
            "TBranch v13",
            "TRefTable v3",
            "TBranchRef v1",
            "TList v5",
            "TAttMarker v2",
            "TAttLine v2",
            "TTree v20"),
        classes);
  }

  private static String cString(ByteBuffer b) {
    int start = b.position();
    while (b.get() != 0) {
      // scan to the terminating NUL
    }
    return new String(b.array(), start, b.position() - start - 1, StandardCharsets.US_ASCII);
  }

  private static String string(ByteBuffer b) {
    int n = b.get() & 0xff;
    if (n == 255) {
      n = b.getInt();
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
