package hepscan.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.data.expr.VariableRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The columns the preparation reads, from uproot-sample-6.20.04-zlib.root (tree {@code sample}, 30
 * entries). Expected values are JSROOT's, from {@code
 * root/reference/uproot-sample-6.20.04-zlib.json}: f4 starts -14.9f, -13.9f; f8 -14.9, -13.9; i4
 * -15, -14; u8 0, 1; the jagged Af4 flattens to -15, -15, -13.9f, -15, -13.9f (entry e holds e % 5
 * values).
 */
class FileColumnsTest {
  static final Path FILE =
      Path.of("src/test/resources/root/uproot-sample-6.20.04-zlib.root").toAbsolutePath();
  static final VariableRef F4 = new VariableRef("f4", -1);
  static final VariableRef F8 = new VariableRef("f8", -1);
  static final VariableRef I4 = new VariableRef("i4", -1);
  static final VariableRef U8 = new VariableRef("u8", -1);
  static final VariableRef AF4_0 = new VariableRef("Af4", 0);
  static final VariableRef AF4_1 = new VariableRef("Af4", 1);

  FileColumns read() throws DataException {
    return new RootSampleReader().read(FILE, "sample", Set.of(F4, F8, I4, U8, AF4_0, AF4_1));
  }

  @Test
  void floatLeavesStayFloatsAndConvertExactly() throws Exception {
    FileColumns c = read();
    assertEquals(30, c.entries());
    float[] f = c.floats(F4);
    assertNotNull(f, "a scalar float leaf is served as the reader's floats");
    assertEquals(-14.9f, f[0]);
    assertEquals(-13.9f, f[1]);
    double[] d = c.doubles(F4);
    for (int e = 0; e < 30; e++) {
      assertEquals((double) f[e], d[e], 0, "entry " + e);
    }
  }

  @Test
  void otherTypesAreDoublesOnly() throws Exception {
    FileColumns c = read();
    assertNull(c.floats(F8));
    assertNull(c.floats(I4));
    assertNull(c.floats(AF4_0), "an element of an array leaf is not the reader's array");
    assertEquals(-14.9, c.doubles(F8)[0]);
    assertEquals(-13.9, c.doubles(F8)[1]);
    assertEquals(-15.0, c.doubles(I4)[0]);
    assertEquals(1.0, c.doubles(U8)[1]);
    assertNull(c.doubles(new VariableRef("n", -1)), "not read");
  }

  @Test
  void arrayElementsAreNaNWhereTheEntryIsShorter() throws Exception {
    FileColumns c = read();
    double[] first = c.doubles(AF4_0);
    double[] second = c.doubles(AF4_1);
    assertTrue(Double.isNaN(first[0]), "entry 0 holds no value");
    assertEquals(-15.0, first[1]);
    assertEquals(-15.0, first[2]);
    assertTrue(Double.isNaN(second[1]), "entry 1 holds one value");
    assertEquals((double) -13.9f, second[2]);
    assertEquals((double) -13.9f, second[3]);
  }

  @Test
  void conversionHappensOnceEvenFromManyThreads() throws Exception {
    FileColumns c = read();
    double[][] seen = new double[64][];
    IntStream.range(0, seen.length).parallel().forEach(i -> seen[i] = c.doubles(I4));
    for (double[] s : seen) {
      assertSame(seen[0], s);
    }
    assertSame(c.doubles(F8), c.doubles(F8), "doubles are served without a copy");
  }

  @Test
  void givenDoublesMustCoverTheEntries() {
    VariableRef x = new VariableRef("x", -1);
    FileColumns c = FileColumns.ofDoubles(2, Map.of(x, new double[] {1, 2, 3}));
    assertEquals(3.0, c.doubles(x)[2]);
    assertNull(c.floats(x));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FileColumns.ofDoubles(4, Map.of(x, new double[] {1, 2})));
    assertTrue(e.getMessage().contains("x has 2 values for 4 entries"), e.getMessage());
  }
}
