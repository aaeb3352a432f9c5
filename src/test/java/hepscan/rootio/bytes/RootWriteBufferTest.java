package hepscan.rootio.bytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RootWriteBufferTest {
  @Test
  void writesBigEndianAndGrows() {
    RootWriteBuffer b = new RootWriteBuffer(1);
    b.writeByte(0x7f)
        .writeShort(0x1234)
        .writeInt(0xcafebabe)
        .writeLong(0x0102030405060708L)
        .writeFloat(1.5f)
        .writeDouble(-2.25)
        .writeBoolean(true);
    ByteBuffer expected =
        ByteBuffer.allocate(1 + 2 + 4 + 8 + 4 + 8 + 1)
            .put((byte) 0x7f)
            .putShort((short) 0x1234)
            .putInt(0xcafebabe)
            .putLong(0x0102030405060708L)
            .putFloat(1.5f)
            .putDouble(-2.25)
            .put((byte) 1);
    assertArrayEquals(expected.array(), b.toByteArray());
  }

  @Test
  void arraysMatchSingleWrites() {
    double[] d = {1, -0.0, Double.NaN, 3e300};
    RootWriteBuffer bulk = new RootWriteBuffer();
    bulk.writeDoubles(d, 1, 3);
    RootWriteBuffer single = new RootWriteBuffer();
    for (int i = 1; i < 4; i++) single.writeDouble(d[i]);
    assertArrayEquals(single.toByteArray(), bulk.toByteArray());
  }

  @Test
  void stringsUseRootsShortAndLongLengthForms() {
    RootWriteBuffer b = new RootWriteBuffer();
    b.writeString("ab");
    assertArrayEquals(new byte[] {2, 'a', 'b'}, b.toByteArray());
    String longName = "x".repeat(300);
    b.clear();
    b.writeString(longName);
    assertEquals(RootWriteBuffer.stringSize(longName), b.position());
    assertArrayEquals(
        new byte[] {(byte) 255, 0, 0, 1, 44}, java.util.Arrays.copyOf(b.toByteArray(), 5));
  }

  @Test
  void byteCountCoversTheObjectAndCarriesTheMask() {
    RootWriteBuffer b = new RootWriteBuffer();
    int at = b.startVersioned(3);
    b.writeInt(7);
    b.endByteCount(at);
    // count = version (2) + payload (4), with kByteCountMask
    assertArrayEquals(new byte[] {0x40, 0, 0, 6, 0, 3, 0, 0, 0, 7}, b.toByteArray());
  }
}
