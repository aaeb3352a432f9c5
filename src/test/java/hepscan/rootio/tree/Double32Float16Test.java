package hepscan.rootio.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hepscan.rootio.RootFile;
import hepscan.rootio.RootTestFiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Double32_t and Float16_t leaves (TLeafD32, TLeafF16), which JSROOT does not read from a plain
 * TBranch. The file holds the same 17 values packed in the range [-2.71, 10] with 32 down to 3
 * bits. Checked against: uproot's expected values (its test_0023, for the bit counts where its
 * factor 2^n equals ROOT's), the quantisation grid of ROOT's TStreamerElement::GetRange, and the
 * 32-bit branch (each packing is within half a step of it, as ROOT's writer rounds).
 */
class Double32Float16Test {
  private static final String FILE = "uproot-double32-float16.root";
  private static final double XMIN = -2.71;
  private static final double XMAX = 10;

  /** uproot's expected double32_30 values (tests/test_0023_more_interpretations_1.py). */
  private static final double[] UPROOT_DOUBLE32_30 = {
    -2.0000000023934987, -1.5000000057462601, -0.99999999726191158, -0.50000000061467276,
    -0.10000000329688152, -3.9674339369355494e-09, 0.10000000719912361, 0.50000000451691484,
    1.0000000011641537, 1.9999999944586309, 2.9999999995902185, 4.0000000047218061,
    4.9999999980162837, 6.0000000031478704, 6.9999999964423489, 8.0000000015739374,
    8.9999999948684142
  };

  /** uproot's expected double32_20 values (same test). */
  private static final double[] UPROOT_DOUBLE32_20 = {
    -2.0000006771087646, -1.5000011539459228, -1.0000016307830808, -0.50000210762023922,
    -0.10000248908996578, -2.5844573974254104e-06, 0.099997320175170934, 0.49999693870544437,
    0.99999646186828661, 1.9999955081939698, 2.9999945545196534, 4.0000057220458993,
    5.0000047683715829, 6.0000038146972665, 7.0000028610229501, 8.0000019073486328,
    9.0000009536743164
  };

  @Test
  void leavesAreDescribedAsDoubleAndFloat() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(FILE))) {
      TreeReader t = f.tree("tree");
      assertEquals(
          new LeafInfo("double32_30", "double32_30", LeafType.DOUBLE, LeafShape.SCALAR, 1, null),
          t.leaf("double32_30"));
      assertEquals(
          new LeafInfo("float16_10", "float16_10", LeafType.FLOAT, LeafShape.SCALAR, 1, null),
          t.leaf("float16_10"));
      assertEquals(
          new LeafInfo("array_30", "array_30", LeafType.DOUBLE, LeafShape.FIXED, 3, null),
          t.leaf("array_30"));
      assertEquals(12, t.leaves().size());
      TLeaf d32 = t.model().branches().get(0).leaves().get(0);
      assertEquals("Double32_t", d32.rootTypeName());
    }
  }

  @Test
  void valuesMatchUprootWhereItsFactorIsRoots() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(FILE))) {
      TreeReader t = f.tree("tree");
      // uproot multiplies by (xmax - xmin) / 2^n where ROOT divides by its factor: the results
      // differ in the last bits only
      double rounding = 4 * Math.ulp(XMAX);
      assertArrayEquals(UPROOT_DOUBLE32_30, (double[]) t.read("double32_30").array(), rounding);
      assertArrayEquals(UPROOT_DOUBLE32_20, (double[]) t.read("double32_20").array(), rounding);
    }
  }

  /**
   * Every range-packed value is {@code xmin + k * (xmax - xmin) / 2^n} for a whole k in [0, 2^n]
   * (2^32 - 1 for 32 bits: ROOT's factor), and within half a step of the value written, which the
   * 32-bit branch holds to within its own half step.
   */
  @Test
  void valuesLieOnRootsQuantisationGrid() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(FILE))) {
      TreeReader t = f.tree("tree");
      double[] best = (double[]) t.read("double32_32").array();
      double bestHalfStep = (XMAX - XMIN) / 4294967295.0 / 2;
      for (String name :
          List.of(
              "double32_32",
              "double32_30",
              "double32_20",
              "double32_10",
              "double32_5",
              "double32_3",
              "float16_16",
              "float16_10",
              "float16_5",
              "float16_3")) {
        int bits = Integer.parseInt(name.substring(name.indexOf('_') + 1));
        double steps = bits == 32 ? 4294967295.0 : Math.pow(2, bits);
        double step = (XMAX - XMIN) / steps;
        Column c = t.read(name);
        boolean isFloat = name.startsWith("float16");
        assertEquals(isFloat ? LeafType.FLOAT : LeafType.DOUBLE, c.leaf().type(), name);
        // a float result is the double rounded to float: allow its rounding error
        double slack = isFloat ? 1e-6 : 1e-9;
        for (int e = 0; e < c.size(); e++) {
          double v = c.getDouble(e);
          double k = (v - XMIN) / step;
          assertEquals(Math.rint(k), k, slack / step + 1e-6, name + " entry " + e + ": k " + k);
          assertTrue(k > -0.5 && k < steps + 0.5, name + " entry " + e);
          assertEquals(best[e], v, step / 2 + bestHalfStep + slack, name + " entry " + e);
        }
      }
    }
  }

  /** Each entry of array_30[3] (array_10[3]) holds three times the value of double32_30 (16_10). */
  @Test
  void fixedArraysUseTheSamePacking() throws Exception {
    try (RootFile f = RootFile.open(RootTestFiles.file(FILE))) {
      TreeReader t = f.tree("tree");
      Column a30 = t.read("array_30");
      Column a10 = t.read("array_10", 4, 17);
      double[] d30 = (double[]) t.read("double32_30").array();
      float[] f10 = (float[]) t.read("float16_10").array();
      assertEquals(51, a30.size());
      assertEquals(39, a10.size());
      for (int e = 0; e < 17; e++) {
        for (int i = 0; i < 3; i++) {
          assertEquals(d30[e], ((double[]) a30.array())[3 * e + i], "array_30 entry " + e);
          if (e >= 4) {
            assertEquals(f10[e], ((float[]) a10.array())[3 * (e - 4) + i], "array_10 " + e);
          }
        }
      }
    }
  }

  /**
   * The mantissa-only form {@code [0,0,n]} (and Float16_t without a range, 12 bits): values packed
   * here as ROOT's TBufferFile::WriteDouble32 does read back as the float with its mantissa rounded
   * to n bits.
   */
  @Test
  void mantissaOnlyFormRoundsTheMantissa() {
    FloatPacking p10 = FloatPacking.of(true, "d[0,0,10]");
    assertEquals(new FloatPacking(FloatPacking.Kind.NBITS, 0, 0, 10), p10);
    assertEquals(3, p10.size());
    for (double x : new double[] {1.0, -2.5, 3.14159, 1e-3, -123456.789, 0.0}) {
      double back = p10.decode(writeNbits((float) x, 10), 0);
      double ulp = Math.ulp((float) x) * Math.pow(2, 23 - 10);
      assertEquals(x, back, ulp / 2 + Math.abs(x) * 1e-7, "x " + x);
      assertTrue(Math.signum(back) == Math.signum(x) || x == 0, "sign of " + x);
    }
    FloatPacking p2 = FloatPacking.of(false, "f[0,0,2]");
    assertEquals(1.75, p2.decode(writeNbits(1.75f, 2), 0));
    assertEquals(1.75, p2.decode(writeNbits(1.8f, 2), 0)); // rounds down
    assertEquals(1.75, p2.decode(writeNbits(1.9f, 2), 0)); // would carry: clamped, as ROOT does
    assertEquals(-1.5, p2.decode(writeNbits(-1.5f, 2), 0));
    FloatPacking none = FloatPacking.of(false, "f");
    assertEquals(new FloatPacking(FloatPacking.Kind.NBITS, 0, 0, 12), none);
  }

  @Test
  void titlesAreParsedAsRootsGetRangeDoes() {
    assertEquals(FloatPacking.Kind.FLOAT, FloatPacking.of(true, "d").kind());
    assertEquals(FloatPacking.Kind.FLOAT, FloatPacking.of(true, "x[3]").kind());
    FloatPacking range = FloatPacking.of(true, "x[3]/d[-2.71,10,30]");
    assertEquals(FloatPacking.Kind.FACTOR, range.kind());
    assertEquals(-2.71, range.xmin());
    assertEquals(Math.pow(2, 30) / 12.71, range.factor());
    FloatPacking noBits = FloatPacking.of(true, "d[0,1]");
    assertEquals(4294967295.0, noBits.factor());
    FloatPacking pi = FloatPacking.of(false, "f[-pi, pi, 16]");
    assertEquals(-Math.PI, pi.xmin());
    assertEquals(65536 / (2 * Math.PI), pi.factor());
    // xmin >= xmax with 15 bits or more: no packing for Double32_t, 12 bits for Float16_t
    assertEquals(FloatPacking.Kind.FLOAT, FloatPacking.of(true, "d[0,0,20]").kind());
    assertEquals(12, FloatPacking.of(false, "f[0,0,20]").nbits());
    assertThrows(IllegalArgumentException.class, () -> FloatPacking.of(true, "d[100,1]"));
    // the stored unsigned integer: 0 is xmin, 2^n the top of the range
    byte[] top = {0, 0, 4, 0}; // 1024 = 2^10
    assertEquals(10.0, FloatPacking.of(true, "d[-2,10,10]").decode(top, 0), 1e-12);
    byte[] max = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertEquals(1.0, FloatPacking.of(true, "d[0,1,32]").decode(max, 0), 1e-15);
  }

  /** ROOT's TBufferFile::WriteDouble32 for a [0,0,nbits] element, written independently here. */
  private static byte[] writeNbits(float value, int nbits) {
    int bits = Float.floatToRawIntBits(value);
    int exponent = 0xff & ((bits << 1) >> 24);
    int mantissa = ((1 << (nbits + 1)) - 1) & (bits >> (23 - nbits - 1));
    mantissa = (mantissa + 1) >> 1;
    if ((mantissa & (1 << nbits)) != 0) {
      mantissa = (1 << nbits) - 1;
    }
    if (value < 0) {
      mantissa |= 1 << (nbits + 1);
    }
    return new byte[] {(byte) exponent, (byte) (mantissa >> 8), (byte) mantissa};
  }
}
