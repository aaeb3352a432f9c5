package hepscan.rootio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.compress.CompressionSetting;
import hepscan.rootio.tree.LeafType;
import hepscan.rootio.write.BranchSpec;
import hepscan.rootio.write.RootFileWriter;
import hepscan.rootio.write.TreeWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several cycles of one name (ROOT keeps older cycles after an AutoSave): the highest wins unless
 * {@code name;N} is asked. The file is written with two trees "a" and "b", then tree b's key (in
 * the key list and in its record) is renamed to "a" with cycle 2.
 */
class KeyCycleTest {

  @Test
  void highestCycleWinsUnlessOneIsAsked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cycles.root");
    try (RootFileWriter w = RootFileWriter.create(file, CompressionSetting.zlib(1))) {
      TreeWriter a = w.createTree("a", "", List.of(new BranchSpec("v", LeafType.INT)));
      TreeWriter b = w.createTree("b", "", List.of(new BranchSpec("v", LeafType.INT)));
      a.append((Object) new int[] {1, 2, 3});
      b.append((Object) new int[] {10, 20});
      w.finish();
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] pattern = "\u0005TTree\u0001b".getBytes(StandardCharsets.ISO_8859_1);
    int patched = 0;
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      if (ByteBuffer.wrap(bytes, i, pattern.length).equals(ByteBuffer.wrap(pattern))) {
        int cycleAt = i - 26 + 16; // small key: 26 fixed bytes before the class name, fCycle at 16
        assertEquals(1, ByteBuffer.wrap(bytes).getShort(cycleAt), "cycle field not where expected");
        ByteBuffer.wrap(bytes).putShort(cycleAt, (short) 2);
        bytes[i + pattern.length - 1] = 'a';
        patched++;
      }
    }
    assertTrue(patched >= 2, "key of tree b not found in the key list and its record");
    Files.write(file, bytes);

    try (RootFile f = RootFile.open(file)) {
      assertEquals(List.of("a"), f.treePaths());
      assertArrayEquals(new int[] {10, 20}, (int[]) f.tree("a").read("v").array());
      assertArrayEquals(new int[] {10, 20}, (int[]) f.tree("a;2").read("v").array());
      assertArrayEquals(new int[] {1, 2, 3}, (int[]) f.tree("a;1").read("v").array());
      assertThrows(RootIOException.class, () -> f.tree("a;3"));
    }
  }
}
