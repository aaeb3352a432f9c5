package hepscan.rootio.tree;

/** A {@link Column} over one primitive (or String) array, as the reader fills it. */
final class ArrayColumn implements Column {
  private static final double TWO_TO_64 = 18446744073709551616.0;

  private final LeafInfo leaf;
  private final int entries;
  private final int[] offsets;
  private final Object array;
  private final int size;

  ArrayColumn(LeafInfo leaf, int entries, int[] offsets, Object array, int size) {
    this.leaf = leaf;
    this.entries = entries;
    this.offsets = offsets;
    this.array = array;
    this.size = size;
  }

  @Override
  public LeafInfo leaf() {
    return leaf;
  }

  @Override
  public int entries() {
    return entries;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int[] offsets() {
    return offsets;
  }

  @Override
  public Object array() {
    return array;
  }

  @Override
  public String getString(int i) {
    if (array instanceof String[] s) {
      return s[i];
    }
    return Column.super.getString(i);
  }

  @Override
  public long getLong(int i) {
    if (leaf.shape() == LeafShape.STRING) {
      throw new UnsupportedOperationException("leaf '" + leaf.name() + "' holds strings");
    }
    return switch (leaf.type()) {
      case BOOL -> ((boolean[]) array)[i] ? 1 : 0;
      case CHAR -> ((byte[]) array)[i];
      case UCHAR -> ((byte[]) array)[i] & 0xff;
      case SHORT -> ((short[]) array)[i];
      case USHORT -> ((short[]) array)[i] & 0xffff;
      case INT -> ((int[]) array)[i];
      case UINT -> ((int[]) array)[i] & 0xffffffffL;
      case LONG, ULONG -> ((long[]) array)[i];
      case FLOAT -> (long) ((float[]) array)[i];
      case DOUBLE -> (long) ((double[]) array)[i];
    };
  }

  @Override
  public double getDouble(int i) {
    if (leaf.shape() == LeafShape.STRING) {
      throw new UnsupportedOperationException("leaf '" + leaf.name() + "' holds strings");
    }
    return switch (leaf.type()) {
      case FLOAT -> ((float[]) array)[i];
      case DOUBLE -> ((double[]) array)[i];
      case ULONG -> unsignedToDouble(((long[]) array)[i]);
      default -> getLong(i);
    };
  }

  @Override
  public double[] toDoubleArray() {
    if (array instanceof double[] d) {
      return d.clone();
    }
    double[] out = new double[size];
    if (array instanceof float[] f) {
      for (int i = 0; i < size; i++) {
        out[i] = f[i];
      }
    } else {
      for (int i = 0; i < size; i++) {
        out[i] = getDouble(i);
      }
    }
    return out;
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : v + TWO_TO_64;
  }
}
