package hepscan.rootio.tree;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Double32_t or Float16_t leaf (TLeafD32, TLeafF16) packs its values, decided as ROOT does
 * from a range {@code [xmin,xmax]} or {@code [xmin,xmax,nbits]} in the leaf title
 * (TStreamerElement's GetRange) and read back as TBufferFile's ReadDouble32/ReadFloat16 do:
 *
 * <ul>
 *   <li>{@link Kind#FLOAT}: no range, Double32_t only: a 4-byte float.
 *   <li>{@link Kind#FACTOR}: {@code xmin < xmax}: an unsigned 32-bit integer {@code u}, the value
 *       is {@code u / factor + xmin} with {@code factor = 2^nbits / (xmax - xmin)} ({@code 2^32 -
 *       1} for 32 bits).
 *   <li>{@link Kind#NBITS}: {@code [0,0,nbits]} (any {@code xmin >= xmax} with fewer than 15 bits),
 *       and Float16_t without a range (12 bits): the float's exponent byte and a 16-bit word with
 *       {@code nbits} mantissa bits and the sign above them.
 * </ul>
 *
 * Values are computed in double precision as ROOT does, then rounded to float for Float16_t.
 */
record FloatPacking(Kind kind, double factor, double xmin, int nbits) {

  enum Kind {
    FLOAT,
    FACTOR,
    NBITS
  }

  private static final Pattern NUMBER =
      Pattern.compile("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Bytes per value on disk. */
  int size() {
    return kind == Kind.NBITS ? 3 : 4;
  }

  /**
   * The packing of a TLeafD32 ({@code double32} true) or TLeafF16 leaf with this title; throws
   * IllegalArgumentException for a range ROOT cannot read back either.
   */
  static FloatPacking of(boolean double32, String title) {
    String range = rangeText(title);
    double xmin = 0;
    double factor = 0;
    if (range != null) {
      int comma = range.indexOf(',');
      String[] maxAndBits = range.substring(comma + 1).split(",", -1);
      int bits = 32;
      if (maxAndBits.length > 1) {
        Matcher n = NUMBER.matcher(maxAndBits[1].trim());
        bits = n.find() ? (int) Double.parseDouble(n.group()) : 32;
        if (bits < 2 || bits > 32) {
          bits = 32; // ROOT's GetRange: "Illegal specification for the number of bits"
        }
      }
      xmin = bound(range.substring(0, comma));
      double xmax = bound(maxAndBits[0]);
      double bigint = bits < 32 ? (double) (1L << bits) : 0xffffffffL;
      if (xmin < xmax) {
        factor = bigint / (xmax - xmin);
      }
      if (xmin >= xmax && bits < 15) {
        xmin = bits + 0.1; // ROOT keeps the number of mantissa bits in xmin
      }
    }
    if (factor != 0) {
      return new FloatPacking(Kind.FACTOR, factor, xmin, 0);
    }
    int bits = (int) xmin;
    if (bits == 0) {
      return double32
          ? new FloatPacking(Kind.FLOAT, 0, 0, 0)
          : new FloatPacking(Kind.NBITS, 0, 0, 12);
    }
    if (bits < 1 || bits > 22) {
      throw new IllegalArgumentException(
          "range in title '"
              + title
              + "' gives "
              + bits
              + " mantissa bits, which ROOT cannot read");
    }
    return new FloatPacking(Kind.NBITS, 0, 0, bits);
  }

  /**
   * The text inside the range brackets, as ROOT's GetRange finds them: the first bracket pair if it
   * holds a comma, else the second (the first was a dimension), else none.
   */
  private static String rangeText(String title) {
    int left = title.indexOf('[');
    for (int attempt = 0; attempt < 2 && left >= 0; attempt++) {
      int right = title.indexOf(']', left);
      if (right < 0) {
        return null;
      }
      String inside = title.substring(left + 1, right);
      if (inside.contains(",")) {
        return inside;
      }
      left = title.indexOf('[', right);
    }
    return null;
  }

  /** A bound as ROOT's GetRange reads it: a number, or a multiple of pi. */
  private static double bound(String text) {
    String s = text.toLowerCase(Locale.ROOT).replace(" ", "");
    if (s.contains("pi")) {
      double v;
      if (s.contains("2pi") || s.contains("2*pi") || s.contains("twopi")) {
        v = 2 * Math.PI;
      } else if (s.contains("pi/2")) {
        v = Math.PI / 2;
      } else if (s.contains("pi/4")) {
        v = Math.PI / 4;
      } else {
        v = Math.PI;
      }
      return s.contains("-") ? -v : v;
    }
    Matcher n = NUMBER.matcher(s);
    return n.find() ? Double.parseDouble(n.group()) : 0; // sscanf leaves 0 when nothing parses
  }

  /** The value stored at {@code src[p..p+size())}, as ROOT reads it back. */
  double decode(byte[] src, int p) {
    return switch (kind) {
      case FLOAT -> Float.intBitsToFloat(getInt(src, p));
      case FACTOR -> Integer.toUnsignedLong(getInt(src, p)) / factor + xmin;
      case NBITS -> {
        int exponent = src[p] & 0xff;
        int mantissa = ((src[p + 1] & 0xff) << 8) | (src[p + 2] & 0xff);
        int bits = exponent << 23;
        bits |= (mantissa & ((1 << (nbits + 1)) - 1)) << (23 - nbits);
        float f = Float.intBitsToFloat(bits);
        yield ((1 << (nbits + 1)) & mantissa) != 0 ? -f : f;
      }
    };
  }

  private static int getInt(byte[] b, int p) {
    return ((b[p] & 0xff) << 24)
        | ((b[p + 1] & 0xff) << 16)
        | ((b[p + 2] & 0xff) << 8)
        | (b[p + 3] & 0xff);
  }
}
