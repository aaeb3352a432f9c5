package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A TDirectory: its keys (in the order of its key list) and its subdirectories. The directory
 * record gives where its key list lies ({@code fSeekKeys}); the key list is a record whose object
 * is a count followed by that many key headers. Subdirectories are keys of class TDirectory or
 * TDirectoryFile whose object is again a directory record.
 */
public record RootDirectory(String path, List<KeyHeader> keys, List<RootDirectory> subdirectories) {

  /** Subdirectories nested deeper than this are taken as a corrupted (cyclic) structure. */
  private static final int MAX_DEPTH = 64;

  public RootDirectory {
    keys = List.copyOf(keys);
    subdirectories = List.copyOf(subdirectories);
  }

  /** Whether a key's object is a directory. */
  public static boolean isDirectory(KeyHeader key) {
    return "TDirectory".equals(key.className()) || "TDirectoryFile".equals(key.className());
  }

  /** Reads the top directory, stored at {@code begin + nbytesName}, and everything below it. */
  public static RootDirectory readTop(RootSource source, FileHeader header) {
    long at = header.begin() + (long) header.nbytesName();
    byte[] record = source.readUpTo(at, 64);
    return read(source, RootBuffer.of(record), "", 0, new HashSet<>());
  }

  private static RootDirectory read(
      RootSource source, RootBuffer b, String path, int depth, Set<Long> visited) {
    if (depth > MAX_DEPTH) {
      throw new RootFormatException(
          "directories nested more than " + MAX_DEPTH + " deep at '" + path + "'");
    }
    int version = b.readShort();
    b.readInt(); // fDatimeC
    b.readInt(); // fDatimeM
    int nbytesKeys = b.readInt();
    b.readInt(); // fNbytesName
    boolean large = version > 1000;
    long seekDir = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
    if (large) {
      b.readLong(); // fSeekParent
    } else {
      b.readInt();
    }
    long seekKeys = large ? b.readLong() : Integer.toUnsignedLong(b.readInt());
    if (!visited.add(seekDir)) {
      throw new RootFormatException(
          "directory '" + path + "' at offset " + seekDir + " contains itself");
    }
    List<KeyHeader> keys =
        seekKeys == 0 ? List.of() : readKeyList(source, seekKeys, nbytesKeys, path);
    List<RootDirectory> subdirectories = new ArrayList<>();
    for (KeyHeader key : keys) {
      if (isDirectory(key)) {
        String subPath = path.isEmpty() ? key.name() : path + "/" + key.name();
        RootBuffer object = source.readObject(key);
        subdirectories.add(read(source, object, subPath, depth + 1, visited));
      }
    }
    return new RootDirectory(path, keys, subdirectories);
  }

  private static List<KeyHeader> readKeyList(
      RootSource source, long seekKeys, int nbytesKeys, String path) {
    if (nbytesKeys <= 0) {
      throw new RootFormatException(
          "directory '" + path + "': key list at offset " + seekKeys + " has size " + nbytesKeys);
    }
    RootBuffer b = RootBuffer.of(source.read(seekKeys, nbytesKeys));
    KeyHeader listKey = KeyHeader.read(b);
    b.seek(listKey.keylen());
    int n = b.readInt();
    if (n < 0 || n > b.remaining() / KeyHeader.FIXED_SIZE_SMALL) {
      throw new RootFormatException(
          "directory '"
              + path
              + "': key list at offset "
              + seekKeys
              + " claims "
              + n
              + " keys in "
              + nbytesKeys
              + " bytes");
    }
    List<KeyHeader> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      KeyHeader key = KeyHeader.read(b);
      if (key.seekKey() + key.nbytes() > source.size()) {
        throw new RootFormatException(
            "key '"
                + key.name()
                + "' in directory '"
                + path
                + "' points to bytes "
                + key.seekKey()
                + ".."
                + (key.seekKey() + key.nbytes())
                + " beyond the end of the file ("
                + source.size()
                + " bytes)");
      }
      keys.add(key);
    }
    return keys;
  }
}
