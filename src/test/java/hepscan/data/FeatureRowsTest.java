package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureRowsTest {
  @TempDir Path dir;

  /** 300,000 events of 5 features: 6 MB, more than one 4 MiB read of the file reader. */
  static final int EVENTS = 300_000;

  static final int FEATURES = 5;

  static final int OFFSET = 13;

  private float[] values() {
    float[] v = new float[EVENTS * FEATURES];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f - 7;
    }
    return v;
  }

  /**
   * The values after {@code OFFSET} bytes of something else, little-endian, as the cache has them.
   */
  private Path write(float[] v, int missingBytes) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(OFFSET + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.position(OFFSET);
    b.asFloatBuffer().put(v);
    Path file = dir.resolve("rows.bin");
    Files.write(file, Arrays.copyOf(b.array(), b.capacity() - missingBytes));
    return file;
  }

  @Test
  void blocksFromTheFileAreTheValuesWritten() throws IOException {
    float[] v = values();
    FeatureRows rows = new FeatureRows.InFile(write(v, 0), OFFSET, EVENTS, FEATURES);
    assertArrayEquals(v, rows.toArray());
    FeatureRows heap = new FeatureRows.InHeap(v, FEATURES);
    assertEquals(EVENTS, heap.nEvents());
    try (FeatureRows.Reader file = rows.open();
        FeatureRows.Reader memory = heap.open()) {
      // blocks across the reader's 4 MiB reads, at the ends, and of one event
      int[][] blocks = {{0, 1}, {EVENTS - 1, 1}, {123, 250_000}, {209_714, 3}, {7, EVENTS - 7}};
      for (int[] block : blocks) {
        float[] a = new float[block[1] * FEATURES];
        float[] b = new float[block[1] * FEATURES];
        file.read(block[0], block[1], a);
        memory.read(block[0], block[1], b);
        assertArrayEquals(
            Arrays.copyOfRange(v, block[0] * FEATURES, (block[0] + block[1]) * FEATURES), a);
        assertArrayEquals(a, b);
      }
    }
  }

  @Test
  void aFileCutShortIsSaidWithItsSizeAndTheFix() throws IOException {
    Path file = write(values(), 4);
    FeatureRows rows = new FeatureRows.InFile(file, OFFSET, EVENTS, FEATURES);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, rows::open);
    String m = e.getMessage();
    assertTrue(m.contains(file.toString()), m);
    assertTrue(m.contains("it has " + (OFFSET + 4L * EVENTS * FEATURES - 4) + " bytes"), m);
    assertTrue(m.contains("delete it"), m);
  }

  @Test
  void splitArraysReadSingleValuesFromTheFile() throws IOException {
    float[] v = values();
    FeatureRows rows = new FeatureRows.InFile(write(v, 0), OFFSET, EVENTS, FEATURES);
    SplitArrays s = new SplitArrays(EVENTS, FEATURES, rows, new int[EVENTS], new float[EVENTS]);
    assertEquals(v[1234 * FEATURES + 3], s.feature(1234, 3));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SplitArrays(
                EVENTS - 1, FEATURES, rows, new int[EVENTS - 1], new float[EVENTS - 1]));
  }

  @Test
  void theHeadOfASplitIsItsFirstEventsFromTheFileOrTheHeap() throws IOException {
    float[] v = values();
    int[] labels = new int[EVENTS];
    float[] weights = new float[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      labels[i] = i % 3;
      weights[i] = i * 0.25f;
    }
    FeatureRows file = new FeatureRows.InFile(write(v, 0), OFFSET, EVENTS, FEATURES);
    FeatureRows heap = new FeatureRows.InHeap(v, FEATURES);
    for (FeatureRows rows : new FeatureRows[] {file, heap}) {
      SplitArrays head = new SplitArrays(EVENTS, FEATURES, rows, labels, weights).head(1000);
      assertEquals(1000, head.nEvents());
      assertArrayEquals(Arrays.copyOf(v, 1000 * FEATURES), head.rows().toArray());
      assertArrayEquals(Arrays.copyOf(labels, 1000), head.labels());
      assertArrayEquals(Arrays.copyOf(weights, 1000), head.weights());
      assertThrows(IllegalArgumentException.class, () -> rows.head(EVENTS + 1));
    }
    assertEquals(file.getClass(), file.head(10).getClass(), "a view of the file, not a copy");
  }
}
