package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import hepscan.rootio.compress.BlockDecompressor;
import hepscan.rootio.compress.DecompressionException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntFunction;

/**
 * The bytes of an open ROOT file. Reads are positional, so several threads may read baskets at
 * once. Every read is checked against the end of the file given by the header, so a corrupted seek
 * or length fails with a message instead of reading garbage or allocating without bound.
 */
public final class RootSource implements Closeable {
  private final Path path;
  private final long size;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private RootSource(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  public static RootSource open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new RootSource(path, channel, channel.size());
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public Path path() {
    return path;
  }

  /** Size of the file on disk. */
  public long size() {
    return size;
  }

  /** Reads {@code length} bytes at {@code offset}; both must lie inside the file. */
  public byte[] read(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RootFormatException(
          "record of "
              + length
              + " bytes at offset "
              + offset
              + " lies outside the file ("
              + size
              + " bytes)");
    }
    byte[] out = new byte[(int) length];
    ByteBuffer bb = ByteBuffer.wrap(out);
    try {
      FileChannel c = channel();
      long at = offset;
      while (bb.hasRemaining()) {
        int n = c.read(bb, at);
        if (n < 0) {
          throw new RootFormatException(
              "file ended while reading " + length + " bytes at offset " + offset);
        }
        at += n;
      }
    } catch (ClosedByInterruptException e) {
      throw new RootFormatException(
          "interrupted while reading " + length + " bytes at offset " + offset, e);
    } catch (IOException e) {
      throw new RootFormatException(
          "I/O error reading " + length + " bytes at offset " + offset + ": " + e, e);
    }
    return out;
  }

  /** Reads at most {@code length} bytes at {@code offset}, fewer when the file ends first. */
  public byte[] readUpTo(long offset, long length) {
    return read(offset, Math.max(0, Math.min(length, size - offset)));
  }

  /** Reads the key header stored at {@code offset}. */
  public KeyHeader readKey(long offset) {
    byte[] head = readUpTo(offset, KeyHeader.MAX_PREFIX);
    return KeyHeader.read(RootBuffer.of(head));
  }

  /**
   * The object of a record, decompressed: the bytes after the key header, as a buffer whose
   * positions start at {@code keylen} (ROOT counts object offsets from the start of the key).
   */
  public RootBuffer readObject(KeyHeader key) {
    byte[] record = read(key.seekKey(), key.nbytes());
    KeyHeader onDisk = KeyHeader.read(RootBuffer.of(record));
    if (onDisk.nbytes() != key.nbytes()
        || onDisk.keylen() != key.keylen()
        || onDisk.objlen() != key.objlen()) {
      throw new RootFormatException(
          "key '"
              + key.name()
              + "' at offset "
              + key.seekKey()
              + " differs from its entry in the key list (nbytes "
              + onDisk.nbytes()
              + " vs "
              + key.nbytes()
              + ", objlen "
              + onDisk.objlen()
              + " vs "
              + key.objlen()
              + ")");
    }
    return RootBuffer.of(payload(record, key, key.seekKey()), key.keylen());
  }

  /** The decompressed object bytes of a whole record (header included in {@code record}). */
  public static byte[] payload(byte[] record, KeyHeader key, long offset) {
    return payload(record, key, offset, byte[]::new);
  }

  /** The length of a record's object once decompressed. */
  public static int payloadLength(KeyHeader key) {
    return key.compressed() ? key.objlen() : key.nbytes() - key.keylen();
  }

  /**
   * The decompressed object bytes of a whole record into {@code buffers.apply(length)} (an array of
   * at least {@link #payloadLength} bytes, which may be reused): its first {@code
   * payloadLength(key)} bytes. The compressed blocks' headers are checked against the key before
   * the buffer is asked for, so a corrupted size cannot ask for an absurd buffer.
   */
  public static byte[] payload(
      byte[] record, KeyHeader key, long offset, IntFunction<byte[]> buffers) {
    int compressedLength = key.nbytes() - key.keylen();
    if (key.nbytes() > record.length) {
      throw new RootFormatException(
          "record '"
              + key.name()
              + "' at offset "
              + offset
              + ": key says "
              + key.nbytes()
              + " bytes but only "
              + record.length
              + " were read");
    }
    if (!key.compressed()) {
      byte[] out = buffers.apply(compressedLength);
      System.arraycopy(record, key.keylen(), out, 0, compressedLength);
      return out;
    }
    try {
      if (key.objlen() > BlockDecompressor.MAX_BLOCK_SIZE) {
        return BlockDecompressor.decompressBlockwise(
            record, key.keylen(), compressedLength, key.objlen(), buffers);
      }
      BlockDecompressor.checkBlocks(record, key.keylen(), compressedLength, key.objlen());
      byte[] out = buffers.apply(key.objlen());
      BlockDecompressor.decompress(record, key.keylen(), compressedLength, out, 0, key.objlen());
      return out;
    } catch (DecompressionException e) {
      throw new RootFormatException(
          "record '" + key.name() + "' at offset " + offset + ": " + e.getMessage(), e);
    }
  }

  /**
   * The open channel. An interrupted reader thread makes the JDK close a FileChannel for every
   * thread; the file is then reopened for the others, unless {@link #close()} was called.
   */
  private FileChannel channel() throws IOException {
    FileChannel c = channel;
    if (c.isOpen()) {
      return c;
    }
    synchronized (this) {
      if (closed) {
        throw new ClosedChannelException();
      }
      if (!channel.isOpen()) {
        channel = FileChannel.open(path, StandardOpenOption.READ);
      }
      return channel;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }
}
