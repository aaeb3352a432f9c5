package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import java.nio.charset.StandardCharsets;

/**
 * The fixed header at byte 0 of a ROOT file: the magic {@code "root"}, the format version (plus
 * 1000000 when seek pointers are 64-bit, "large" files), where the top directory record starts
 * ({@code begin}) and where the file ends, the free-segment list, the file's default compression
 * setting and where the StreamerInfo record lies.
 */
public record FileHeader(
    int version,
    boolean largeFile,
    int begin,
    long end,
    long seekFree,
    int nbytesFree,
    int nbytesName,
    int compress,
    long seekInfo,
    int nbytesInfo) {

  /** Bytes to read from the start of a file to be sure to hold the whole header (64-bit layout). */
  public static final int MAX_SIZE = 4 + 4 + 4 + 8 + 8 + 4 + 4 + 4 + 1 + 4 + 8 + 4;

  private static final int LARGE_FILE_VERSION_OFFSET = 1000000;

  /** Parses and checks the header; {@code fileSize} is the real size of the file on disk. */
  public static FileHeader read(byte[] head, long fileSize) {
    if (head.length < 4 || !"root".equals(new String(head, 0, 4, StandardCharsets.ISO_8859_1))) {
      throw new RootFormatException("not a ROOT file (no \"root\" magic at byte 0)");
    }
    RootBuffer b = RootBuffer.of(head);
    try {
      b.skip(4);
      int rawVersion = b.readInt();
      boolean large = rawVersion >= LARGE_FILE_VERSION_OFFSET;
      int begin = b.readInt();
      long end = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
      long seekFree = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
      int nbytesFree = b.readInt();
      b.readInt(); // number of free segments
      int nbytesName = b.readInt();
      b.readByte(); // fUnits: 4 or 8, implied by the version
      int compress = b.readInt();
      long seekInfo = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
      int nbytesInfo = b.readInt();
      FileHeader h =
          new FileHeader(
              rawVersion % LARGE_FILE_VERSION_OFFSET,
              large,
              begin,
              end,
              seekFree,
              nbytesFree,
              nbytesName,
              compress,
              seekInfo,
              nbytesInfo);
      h.check(fileSize);
      return h;
    } catch (RootBuffer.BufferUnderrunException e) {
      throw new RootFormatException(
          "file is truncated: only " + fileSize + " bytes, too short for a ROOT header");
    }
  }

  private void check(long fileSize) {
    if (end > fileSize) {
      throw new RootFormatException(
          "file is truncated: header says it ends at byte "
              + end
              + ", file has "
              + fileSize
              + " bytes");
    }
    if (begin < 0 || begin >= end) {
      throw new RootFormatException(
          "corrupt header: first record at byte " + begin + " outside the file (end " + end + ")");
    }
    if (nbytesName < 0 || begin + (long) nbytesName > end) {
      throw new RootFormatException(
          "corrupt header: directory name length "
              + nbytesName
              + " at byte "
              + begin
              + " runs past the end of the file");
    }
    if (seekInfo < 0 || seekInfo >= end || nbytesInfo < 0 || seekInfo + nbytesInfo > end) {
      throw new RootFormatException(
          "corrupt header: StreamerInfo record at byte "
              + seekInfo
              + " ("
              + nbytesInfo
              + " bytes) outside the file (end "
              + end
              + ")");
    }
  }
}
