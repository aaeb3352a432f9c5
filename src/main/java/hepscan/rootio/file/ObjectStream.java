package hepscan.rootio.file;

import hepscan.rootio.bytes.RootBuffer;
import hepscan.rootio.bytes.RootFormatException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads objects streamed by ROOT's TBufferFile inside one record. Every versioned object starts
 * with a byte count (high bit 0x40000000 set) and a 2-byte class version; a pointer is written as a
 * byte count and a class tag — {@code 0xFFFFFFFF} plus the class name the first time a class
 * appears, a reference to that first position afterwards — or as a bare reference to an object
 * already read. This class keeps those two tables, so a pointer such as a leaf's count leaf
 * resolves to the object read earlier.
 */
public final class ObjectStream {
  private static final int BYTE_COUNT_MASK = 0x40000000;
  private static final int NEW_CLASS_TAG = 0xFFFFFFFF;
  private static final int CLASS_MASK = 0x80000000;
  private static final int MAP_OFFSET = 2;
  private static final int VERSION_HAS_BYTE_COUNT = 0x4000;
  private static final int IS_REFERENCED_BIT = 1 << 4;
  private static final int MAX_CLASS_NAME = 1024;

  /**
   * Real files nest a few levels (tree, branch, sub-branch, leaf, counter leaf); far more is
   * damage.
   */
  private static final int MAX_DEPTH = 100;

  private final RootBuffer buf;
  private int depth;
  private final Map<Integer, String> classes = new HashMap<>();
  private final Map<Integer, Object> objects = new HashMap<>();

  public ObjectStream(RootBuffer buf) {
    this.buf = buf;
  }

  public RootBuffer buffer() {
    return buf;
  }

  /** The start of a versioned object: its version and, when written, where it ends. */
  public record Header(String what, int start, int end, int version) {
    public boolean hasByteCount() {
      return end >= 0;
    }
  }

  /** Reads a byte count (if present) and a version. {@code what} names the object in errors. */
  public Header readHeader(String what) {
    int start = buf.position();
    int first = buf.readInt();
    if ((first & BYTE_COUNT_MASK) != 0) {
      long count = first & ~BYTE_COUNT_MASK;
      buf.require(count, what);
      int version = buf.readShort();
      return new Header(what, start, start + 4 + (int) count, version);
    }
    buf.seek(start);
    return new Header(what, start, -1, buf.readShort());
  }

  /** Checks that the object was read exactly to the end its byte count gives. */
  public void checkEnd(Header h) {
    if (h.hasByteCount() && buf.position() != h.end()) {
      throw new RootFormatException(
          h.what()
              + " (version "
              + h.version()
              + ") at position "
              + h.start()
              + ": read "
              + (buf.position() - h.start())
              + " bytes but its byte count says "
              + (h.end() - h.start()));
    }
  }

  /** Skips the rest of an object whose remaining members are not needed. */
  public void skipToEnd(Header h) {
    if (!h.hasByteCount()) {
      throw new RootFormatException(
          h.what() + " at position " + h.start() + " has no byte count to skip by");
    }
    if (buf.position() > h.end()) {
      throw new RootFormatException(
          h.what() + " at position " + h.start() + ": members run past its byte count");
    }
    buf.seek(h.end());
  }

  /** Skips a whole versioned object (header included) by its byte count. */
  public void skipObject(String what) {
    skipToEnd(readHeader(what));
  }

  /** Reads TObject's members (version, unique id, bits, and a process id when referenced). */
  public void skipTObject() {
    int version = buf.readShort();
    if ((version & VERSION_HAS_BYTE_COUNT) != 0) {
      buf.skip(2);
      buf.readShort();
    }
    buf.readInt(); // fUniqueID
    int bits = buf.readInt();
    if ((bits & IS_REFERENCED_BIT) != 0) {
      buf.skip(2);
    }
  }

  /** A TNamed's name and title. */
  public record Named(String name, String title) {}

  /** Reads a TNamed (its header, TObject base, name and title). */
  public Named readTNamed(String what) {
    Header h = readHeader(what + " TNamed");
    skipTObject();
    Named n = new Named(buf.readTString(), buf.readTString());
    checkEnd(h);
    return n;
  }

  /** Builds the object of a class once its class name is known; reads from the stream's cursor. */
  @FunctionalInterface
  public interface ObjectFactory {
    /**
     * Reads one object of {@code className}; {@code end} is the position where it ends (known from
     * the pointer's byte count), so unknown classes can be skipped. Returns a value to remember for
     * later references, or null.
     */
    Object read(String className, ObjectStream in, int end);
  }

  /** Marker returned for a pointer to an object of a class this reader does not know. */
  public record Unknown(String className) {}

  /**
   * Reads a pointer ({@code TBufferFile::ReadObjectAny}): null, a reference to an object read
   * before, or a new object built by {@code factory}.
   */
  public Object readObjectAny(ObjectFactory factory) {
    int beg = buf.position();
    int first = buf.readInt();
    int tag;
    int end = -1;
    int tagPosition;
    if ((first & BYTE_COUNT_MASK) == 0 || first == NEW_CLASS_TAG) {
      tag = first;
      tagPosition = beg;
    } else {
      long count = first & ~BYTE_COUNT_MASK;
      buf.require(count, "object at position " + beg);
      end = beg + 4 + (int) count;
      tagPosition = buf.position();
      tag = buf.readInt();
    }
    if ((tag & CLASS_MASK) == 0) {
      // A reference to an object already read (or null); an object we skipped resolves to null.
      Object ref = tag == 0 ? null : objects.get(tag);
      if (end >= 0) {
        buf.seek(end);
      }
      return ref;
    }
    String className;
    if (tag == NEW_CLASS_TAG) {
      className = readCString();
      classes.put(tagPosition + MAP_OFFSET, className);
    } else {
      className = classes.get(tag & ~CLASS_MASK);
      if (className == null) {
        if (end < 0) {
          throw new RootFormatException(
              "unknown class reference " + (tag & ~CLASS_MASK) + " at position " + beg);
        }
        buf.seek(end);
        return new Unknown("?");
      }
    }
    if (++depth > MAX_DEPTH) {
      throw new RootFormatException(
          "objects nested more than " + MAX_DEPTH + " deep at position " + beg);
    }
    Object obj;
    try {
      obj = factory.read(className, this, end);
    } finally {
      depth--;
    }
    if (end >= 0 && buf.position() != end) {
      throw new RootFormatException(
          className
              + " object at position "
              + beg
              + ": read "
              + (buf.position() - beg)
              + " bytes but its byte count says "
              + (end - beg));
    }
    if (obj != null) {
      objects.put(beg + MAP_OFFSET, obj);
    }
    return obj;
  }

  private String readCString() {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = buf.readUnsignedByte();
      if (c == 0) {
        return sb.toString();
      }
      if (sb.length() >= MAX_CLASS_NAME) {
        throw new RootFormatException(
            "class name longer than " + MAX_CLASS_NAME + " bytes at position " + buf.position());
      }
      sb.append((char) c);
    }
  }

  /** A TObjArray or TList header and its object count, checked against the bytes left. */
  public int readCollectionSize(String what) {
    int n = buf.readInt();
    if (n < 0 || n > buf.remaining() / 4) {
      throw new RootFormatException(
          what
              + " at position "
              + buf.position()
              + " claims "
              + n
              + " elements, more than the record holds");
    }
    return n;
  }
}
