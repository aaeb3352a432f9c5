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
    private final int blockSize;
    private double[][] stack = new double[4][];
    private int size;

    Frame(double[][] columns, int blockSize) {
      this.columns = columns;
      this.blockSize = blockSize;
    }

    double[] column(int index) {
      return columns[index];
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
}
