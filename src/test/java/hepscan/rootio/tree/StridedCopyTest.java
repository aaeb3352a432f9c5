package hepscan.rootio.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * One leaf of a leaf list: entries of 23 bytes (a 3-byte header, then the leaf's two values, then
 * other leaves' bytes); the values are written with {@link ByteBuffer} (big-endian, as ROOT writes
 * them) and must come back for every type.
 */
class StridedCopyTest {
  static final int STRIDE = 23;
  static final int OFFSET = 3;
  static final int ENTRIES = 5;
  static final int LEN = 2;

  @Test
  void everyTypeComesBackFromEveryEntry() {
    for (LeafType type : LeafType.values()) {
      ByteBuffer bb = ByteBuffer.allocate(STRIDE * ENTRIES);
      for (int e = 0; e < ENTRIES; e++) {
        for (int i = 0; i < LEN; i++) {
          put(bb, type, e * STRIDE + OFFSET + i * type.size(), value(e, i));
        }
      }
      Object dst = Array.newInstance(componentType(type), 1 + ENTRIES * LEN);
      // entries 1..4 (skip the first), into dst from index 1
      TreeReader.copyStrided(type, bb.array(), STRIDE + OFFSET, STRIDE, dst, 1, ENTRIES - 1, LEN);
      for (int e = 1; e < ENTRIES; e++) {
        for (int i = 0; i < LEN; i++) {
          Object got = Array.get(dst, 1 + (e - 1) * LEN + i);
          assertEquals(expected(type, value(e, i)), got, type + " entry " + e + " value " + i);
        }
      }
    }
  }

  /** Distinct per entry and value, of both signs. */
  private static int value(int e, int i) {
    return (e + i) % 2 == 0 ? -(10 * e + i) : 10 * e + i;
  }

  private static void put(ByteBuffer bb, LeafType type, int at, int v) {
    switch (type) {
      case BOOL -> bb.put(at, (byte) (v != 0 && v % 3 != 0 ? 1 : 0));
      case CHAR, UCHAR -> bb.put(at, (byte) v);
      case SHORT, USHORT -> bb.putShort(at, (short) (v * 1000));
      case INT, UINT -> bb.putInt(at, v * 100_000);
      case LONG, ULONG -> bb.putLong(at, v * 10_000_000_000L);
      case FLOAT -> bb.putFloat(at, v + 0.25f);
      case DOUBLE -> bb.putDouble(at, v + 0.125);
    }
  }

  private static Object expected(LeafType type, int v) {
    return switch (type) {
      case BOOL -> v != 0 && v % 3 != 0;
      case CHAR, UCHAR -> (byte) v;
      case SHORT, USHORT -> (short) (v * 1000);
      case INT, UINT -> v * 100_000;
      case LONG, ULONG -> v * 10_000_000_000L;
      case FLOAT -> v + 0.25f;
      case DOUBLE -> v + 0.125;
    };
  }

  private static Class<?> componentType(LeafType type) {
    return switch (type) {
      case BOOL -> boolean.class;
      case CHAR, UCHAR -> byte.class;
      case SHORT, USHORT -> short.class;
      case INT, UINT -> int.class;
      case LONG, ULONG -> long.class;
      case FLOAT -> float.class;
      case DOUBLE -> double.class;
    };
  }
}
