package hepscan.data.expr;

/**
 * A compiled evaluator node. Nodes work on blocks of events: {@link #eval} fills and returns a
 * buffer holding the node's values for events {@code from .. from+len-1} at indices {@code 0 ..
 * len-1}. Only variable nodes own buffers (one per occurrence); operators write their result over
 * their first non-constant operand's buffer, which nothing reads afterwards. A block fits in the
 * CPU caches, so the temporaries of a deep expression never travel to main memory.
 */
abstract class Node {
  /** The values of the variables and the scratch buffers of one {@code evaluate} call. */
  record Frame(double[][] columns, double[][] buffers) {}

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
    final int slot;

    Var(int column, int slot) {
      this.column = column;
      this.slot = slot;
    }

    @Override
    double[] eval(Frame frame, int from, int len) {
      double[] buffer = frame.buffers()[slot];
      System.arraycopy(frame.columns()[column], from, buffer, 0, len);
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
        Kernels.arrayArray(op, a, right.eval(frame, from, len), a, len);
      }
      return a;
    }
  }
}
