package hepscan.data.expr;

import java.util.Arrays;

/**
 * A compiled evaluator node. Nodes work on blocks of events: {@link #eval} fills and returns a
 * buffer holding the node's values for events {@code from .. from+len-1} at indices {@code 0 ..
 * len-1}. Variable nodes take a buffer from the frame's stack; operators write their result over
 * their first non-constant operand's buffer and give the other back, so a left-deep chain of any
 * length needs two buffers. A block fits in the CPU caches: the temporaries of a deep expression
 * never travel to main memory.
 */
abstract class Node {
  /** The variables' values and a stack of block buffers for one {@code evaluate} call. */
  static final class Frame {
    private final double[][] columns;
    private final int[][] offsets;
    private final int blockSize;
    private double[][] stack = new double[4][];
    private int size;

    /**
     * {@code offsets[v]} says where each event's elements are in {@code columns[v]} for a variable
     * read element by element (null for one value per event); {@code offsets} may be null.
     */
    Frame(double[][] columns, int[][] offsets, int blockSize) {
      this.columns = columns;
      this.offsets = offsets;
      this.blockSize = blockSize;
    }

    double[] column(int index) {
      return columns[index];
    }

    int[] offsets(int index) {
      return offsets == null ? null : offsets[index];
    }

    int columnCount() {
      return columns.length;
    }

    double[] acquire() {
      if (size == stack.length) {
        stack = Arrays.copyOf(stack, 2 * size);
      }
      if (stack[size] == null) {
        stack[size] = new double[blockSize];
      }
      return stack[size++];
    }

    /** Gives back the most recently acquired buffer (operands are evaluated in order: LIFO). */
    void release(double[] buffer) {
      if (stack[--size] != buffer) {
        throw new AssertionError("buffers released out of order");
      }
    }
  }

  abstract double[] eval(Frame frame, int from, int len);

  /** A literal or a folded constant sub-expression; never evaluated as a column. */
  static final class Const extends Node {
    final double value;

    Const(double value) {
      this.value = value;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      throw new AssertionError("constants are folded into their parent's loop");
    }
  }

  static final class Var extends Node {
    final int column;

    Var(int column) {
      this.column = column;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      double[] buffer = frame.acquire();
      System.arraycopy(frame.column(column), from, buffer, 0, len);
      return buffer;
    }
  }

  static final class Unary extends Node {
    final UnaryOp op;
    final Node operand;

    Unary(UnaryOp op, Node operand) {
      this.op = op;
      this.operand = operand;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      double[] a = operand.eval(frame, from, len);
      Kernels.unary(op, a, a, len);
      return a;
    }
  }

  static final class Binary extends Node {
    final BinaryOp op;
    final Node left;
    final Node right;

    /** At most one side is a {@link Const}: two constants are folded before a node is made. */
    Binary(BinaryOp op, Node left, Node right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      if (left instanceof Const c) {
        double[] b = right.eval(frame, from, len);
        Kernels.constArray(op, c.value, b, b, len);
        return b;
      }
      double[] a = left.eval(frame, from, len);
      if (right instanceof Const c) {
        Kernels.arrayConst(op, a, c.value, a, len);
      } else {
        double[] b = right.eval(frame, from, len);
        Kernels.arrayArray(op, a, b, a, len);
        frame.release(b);
      }
      return a;
    }
  }

  /**
   * TTreeFormula's array functions ({@code Length$ Sum$ Min$ Max$ MinIf$ MaxIf$}): {@code value}
   * (and {@code condition}) are evaluated element by element over the arrays they read, then
   * reduced to one value per event. Arrays read together are walked in step, up to the shortest
   * one's length in each event (as TTreeFormula does); one value per event (a scalar, {@code x[0]})
   * is repeated for every element. No element (or none passing the condition) gives 0, as in ROOT.
   */
  static final class ArrayFunction extends Node {
    enum Kind {
      LENGTH,
      SUM,
      MIN,
      MAX,
      MIN_IF,
      MAX_IF
    }

    final Kind kind;
    final Node value;
    final Node condition;
    private final int[] used;

    ArrayFunction(Kind kind, Node value, Node condition, int[] used) {
      this.kind = kind;
      this.value = value;
      this.condition = condition;
      this.used = used;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      int[] counts = new int[len];
      int total = counts(frame, from, len, counts);
      double[][] elementColumns = new double[frame.columnCount()][];
      for (int v : used) {
        elementColumns[v] = spread(frame, v, from, len, counts, total);
      }
      Frame elements = new Frame(elementColumns, null, Math.max(1, Math.min(CHUNK, total)));
      double[] values = kind == Kind.LENGTH ? null : evalElements(value, elements, total);
      double[] passes = condition == null ? null : evalElements(condition, elements, total);
      double[] out = frame.acquire();
      int p = 0;
      for (int e = 0; e < len; e++) {
        int n = counts[e];
        out[e] = reduce(values, passes, p, n);
        p += n;
      }
      return out;
    }

    /** Elements per event for the block, the shortest of the arrays read; returns their sum. */
    private int counts(Frame frame, int from, int len, int[] counts) {
      boolean anyArray = false;
      java.util.Arrays.fill(counts, Integer.MAX_VALUE);
      for (int v : used) {
        int[] off = frame.offsets(v);
        if (off != null) {
          anyArray = true;
          for (int e = 0; e < len; e++) {
            counts[e] = Math.min(counts[e], off[from + e + 1] - off[from + e]);
          }
        }
      }
      if (!anyArray) {
        java.util.Arrays.fill(counts, 1); // nothing but scalars: one element per event
      }
      int total = 0;
      for (int c : counts) {
        total += c;
      }
      return total;
    }

    /** Variable {@code v}'s values for the block's elements, in step with the other arrays. */
    private static double[] spread(Frame frame, int v, int from, int len, int[] counts, int total) {
      double[] src = frame.column(v);
      int[] off = frame.offsets(v);
      double[] dst = new double[total];
      int p = 0;
      for (int e = 0; e < len; e++) {
        int n = counts[e];
        if (off == null) {
          java.util.Arrays.fill(dst, p, p + n, src[from + e]);
        } else {
          System.arraycopy(src, off[from + e], dst, p, n);
        }
        p += n;
      }
      return dst;
    }

    private static final int CHUNK = CompiledExpression.BLOCK;

    private static double[] evalElements(Node node, Frame elements, int total) {
      double[] out = new double[total];
      if (node instanceof Const c) {
        java.util.Arrays.fill(out, c.value);
        return out;
      }
      for (int from = 0; from < total; from += CHUNK) {
        int n = Math.min(CHUNK, total - from);
        double[] block = node.eval(elements, from, n);
        System.arraycopy(block, 0, out, from, n);
        elements.release(block);
      }
      return out;
    }

    private double reduce(double[] values, double[] passes, int p, int n) {
      switch (kind) {
        case LENGTH:
          return n;
        case SUM:
          double sum = 0;
          for (int i = p; i < p + n; i++) {
            sum += values[i];
          }
          return sum;
        default:
          boolean min = kind == Kind.MIN || kind == Kind.MIN_IF;
          boolean found = false;
          double best = 0;
          for (int i = p; i < p + n; i++) {
            if (passes != null && passes[i] == 0) {
              continue;
            }
            if (!found) {
              best = values[i];
              found = true;
            } else {
              best = min ? Kernels.min(best, values[i]) : Kernels.max(best, values[i]);
            }
          }
          return best;
      }
    }
  }
}
