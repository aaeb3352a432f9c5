package hepscan.data.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser that builds the evaluator tree directly, folding constant
 * sub-expressions as it goes. Precedence, loosest first, as in C++ and TTreeFormula: {@code ||},
 * {@code &&}, {@code == !=}, {@code < <= > >=}, {@code + -}, {@code * / %}, unary {@code - + !}.
 */
final class Parser {
  private enum Kind {
    NUMBER,
    NAME,
    OP,
    END
  }

  private record Token(Kind kind, String text, int column, double value) {
    boolean is(String op) {
      return kind == Kind.OP && text.equals(op);
    }

    String describe() {
      return kind == Kind.END ? "end of expression" : "'" + text + "'";
    }
  }

  private final String text;
  private final List<Token> tokens;
  private final Map<VariableRef, Integer> variables = new LinkedHashMap<>();
  private int pos;
  private int depth;

  /** Deeper nesting than this is an error, not a StackOverflowError. */
  static final int MAX_DEPTH = 256;

  private Parser(String text) throws ExpressionException {
    this.text = text;
    this.tokens = tokenize();
  }

  static Expression parse(String text) throws ExpressionException {
    if (text == null) {
      throw new IllegalArgumentException("expression text is null");
    }
    Parser p = new Parser(text);
    if (p.peek().kind() == Kind.END) {
      throw p.error("empty expression", 0);
    }
    Node root = p.or();
    Token t = p.peek();
    if (t.kind() != Kind.END) {
      String hint = t.is(")") ? " (no matching '(')" : " (expected an operator)";
      throw p.error(
          "unexpected " + t.describe() + " at column " + (t.column() + 1) + hint, t.column());
    }
    return new CompiledExpression(text, new ArrayList<>(p.variables.keySet()), root);
  }

  // ---------------------------------------------------------------- grammar

  private Node or() throws ExpressionException {
    Node n = and();
    while (accept("||")) {
      n = binary(BinaryOp.OR, n, and());
    }
    return n;
  }

  private Node and() throws ExpressionException {
    Node n = equality();
    while (accept("&&")) {
      n = binary(BinaryOp.AND, n, equality());
    }
    return n;
  }

  private Node equality() throws ExpressionException {
    Node n = relational();
    while (true) {
      if (accept("==")) {
        n = binary(BinaryOp.EQ, n, relational());
      } else if (accept("!=")) {
        n = binary(BinaryOp.NE, n, relational());
      } else {
        return n;
      }
    }
  }

  private Node relational() throws ExpressionException {
    Node n = additive();
    while (true) {
      if (accept("<")) {
        n = binary(BinaryOp.LT, n, additive());
      } else if (accept("<=")) {
        n = binary(BinaryOp.LE, n, additive());
      } else if (accept(">")) {
        n = binary(BinaryOp.GT, n, additive());
      } else if (accept(">=")) {
        n = binary(BinaryOp.GE, n, additive());
      } else {
        return n;
      }
    }
  }

  private Node additive() throws ExpressionException {
    Node n = multiplicative();
    while (true) {
      if (accept("+")) {
        n = binary(BinaryOp.ADD, n, multiplicative());
      } else if (accept("-")) {
        n = binary(BinaryOp.SUB, n, multiplicative());
      } else {
        return n;
      }
    }
  }

  private Node multiplicative() throws ExpressionException {
    Node n = unary();
    while (true) {
      if (accept("*")) {
        n = binary(BinaryOp.MUL, n, unary());
      } else if (accept("/")) {
        n = binary(BinaryOp.DIV, n, unary());
      } else if (accept("%")) {
        n = binary(BinaryOp.MOD, n, unary());
      } else {
        return n;
      }
    }
  }

  private Node unary() throws ExpressionException {
    if (++depth > MAX_DEPTH) {
      throw error(
          "expression nested more than "
              + MAX_DEPTH
              + " levels deep at column "
              + (peek().column() + 1),
          peek().column());
    }
    try {
      return unaryOperand();
    } finally {
      depth--;
    }
  }

  private Node unaryOperand() throws ExpressionException {
    if (accept("-")) {
      return unary(UnaryOp.NEG, unary());
    }
    if (accept("!")) {
      return unary(UnaryOp.NOT, unary());
    }
    if (accept("+")) {
      return unary();
    }
    return primary();
  }

  private Node primary() throws ExpressionException {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        return new Node.Const(t.value());
      case NAME:
        if (peek().is("(")) {
          return call(t);
        }
        if (peek().is("[")) {
          return element(t);
        }
        return name(t);
      case OP:
        if (t.is("(")) {
          Node inner = or();
          Token close = next();
          if (!close.is(")")) {
            throw closing(close, "')'", "to close the '(' at column " + (t.column() + 1));
          }
          return inner;
        }
        throw error("unexpected " + t.describe() + " at column " + (t.column() + 1), t.column());
      default:
        throw error(
            "unexpected end of expression (expected a number, a variable, a function call or '(')",
            t.column());
    }
  }

  private Node name(Token t) throws ExpressionException {
    switch (t.text()) {
      case "true", "kTRUE":
        return new Node.Const(1.0);
      case "false", "kFALSE":
        return new Node.Const(0.0);
      default:
        if (t.text().contains("::")) {
          throw error(
              "'"
                  + t.text()
                  + "' is not a branch name; a function call needs parentheses, e.g. "
                  + t.text()
                  + "(...)",
              t.column());
        }
        if (t.text().endsWith("$")) {
          throw error("'" + t.text() + "' is a function: write " + t.text() + "(...)", t.column());
        }
        // inside an array function a name stands for all the elements of each entry
        return variable(new VariableRef(t.text(), inArrayFunction ? VariableRef.ELEMENTS : -1));
    }
  }

  private Node element(Token name) throws ExpressionException {
    next(); // '['
    Token index = next();
    if (index.kind() != Kind.NUMBER
        || index.value() != Math.rint(index.value())
        || index.value() > Integer.MAX_VALUE) {
      throw error(
          "the index of '"
              + name.text()
              + "[...]' must be a non-negative integer constant, found "
              + index.describe(),
          index.column());
    }
    Token close = next();
    if (!close.is("]")) {
      throw closing(close, "']'", "to close the '[' of '" + name.text() + "'");
    }
    if (peek().is("[")) {
      throw error(
          "multi-dimensional arrays are not supported: '"
              + name.text()
              + "["
              + index.text()
              + "][...]'",
          peek().column());
    }
    return variable(new VariableRef(name.text(), (int) index.value()));
  }

  private Node call(Token name) throws ExpressionException {
    String fn = name.text();
    if (fn.endsWith("$")) {
      return specialCall(name);
    }
    Functions.Function f = Functions.lookup(fn);
    if (f == null) {
      String message =
          fn.contains("::") && !fn.startsWith(Functions.TMATH)
              ? "unknown namespace in '" + fn + "' (only TMath:: is accepted)"
              : "unknown function '" + fn + "'";
      String hint = Functions.suggest(fn);
      throw error(message + (hint == null ? "" : " (did you mean " + hint + "?)"), name.column());
    }
    List<Node> args = arguments(fn);
    if (args.size() != f.arity()) {
      throw error(
          "wrong number of arguments to "
              + fn
              + ": "
              + args.size()
              + " (expected "
              + f.arity()
              + ")",
          name.column());
    }
    if (f.unary() != null) {
      return unary(f.unary(), args.get(0));
    }
    if (f.binary() != null) {
      return binary(f.binary(), args.get(0), args.get(1));
    }
    return new Node.Const(f.constant());
  }

  private List<Node> arguments(String fn) throws ExpressionException {
    next(); // '('
    List<Node> args = new ArrayList<>();
    if (!accept(")")) {
      while (true) {
        args.add(or());
        Token t = next();
        if (t.is(")")) {
          break;
        }
        if (!t.is(",")) {
          throw closing(t, "',' or ')'", "in the arguments of " + fn);
        }
      }
    }
    return args;
  }

  /** Whether the arguments being parsed are those of an array function (names: all elements). */
  private boolean inArrayFunction;

  private static final Map<String, Node.ArrayFunction.Kind> ARRAY_FUNCTIONS =
      Map.of(
          "Length$", Node.ArrayFunction.Kind.LENGTH,
          "Sum$", Node.ArrayFunction.Kind.SUM,
          "Min$", Node.ArrayFunction.Kind.MIN,
          "Max$", Node.ArrayFunction.Kind.MAX,
          "MinIf$", Node.ArrayFunction.Kind.MIN_IF,
          "MaxIf$", Node.ArrayFunction.Kind.MAX_IF);

  /** TTreeFormula's {@code Name$(...)} functions: the array functions and {@code Alt$}. */
  private Node specialCall(Token name) throws ExpressionException {
    String fn = name.text();
    if (fn.equals("Alt$")) {
      List<Node> args = arguments(fn);
      if (args.size() != 2) {
        throw error(
            "wrong number of arguments to Alt$: " + args.size() + " (expected 2)", name.column());
      }
      return binary(BinaryOp.ALT, args.get(0), args.get(1));
    }
    Node.ArrayFunction.Kind kind = ARRAY_FUNCTIONS.get(fn);
    if (kind == null) {
      throw error(
          "unknown function '"
              + fn
              + "' (TTreeFormula's functions here: Length$ Sum$ Min$ Max$ MinIf$ MaxIf$ Alt$)",
          name.column());
    }
    if (inArrayFunction) {
      throw error("array functions cannot be nested: '" + fn + "' inside another", name.column());
    }
    inArrayFunction = true;
    List<Node> args;
    try {
      args = arguments(fn);
    } finally {
      inArrayFunction = false;
    }
    int arity =
        kind == Node.ArrayFunction.Kind.MIN_IF || kind == Node.ArrayFunction.Kind.MAX_IF ? 2 : 1;
    if (args.size() != arity) {
      throw error(
          "wrong number of arguments to " + fn + ": " + args.size() + " (expected " + arity + ")",
          name.column());
    }
    java.util.Set<Integer> used = new java.util.TreeSet<>();
    args.forEach(a -> columnsOf(a, used));
    return new Node.ArrayFunction(
        kind,
        args.get(0),
        arity == 2 ? args.get(1) : null,
        used.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void columnsOf(Node n, java.util.Set<Integer> out) {
    if (n instanceof Node.Var v) {
      out.add(v.column);
    } else if (n instanceof Node.Unary u) {
      columnsOf(u.operand, out);
    } else if (n instanceof Node.Binary b) {
      columnsOf(b.left, out);
      columnsOf(b.right, out);
    }
  }

  // ---------------------------------------------------------------- node construction with folding

  private Node variable(VariableRef ref) {
    int column = variables.computeIfAbsent(ref, r -> variables.size());
    return new Node.Var(column);
  }

  private static Node unary(UnaryOp op, Node a) {
    return a instanceof Node.Const c
        ? new Node.Const(Kernels.unary(op, c.value))
        : new Node.Unary(op, a);
  }

  private static Node binary(BinaryOp op, Node a, Node b) {
    if (a instanceof Node.Const ca && b instanceof Node.Const cb) {
      return new Node.Const(Kernels.binary(op, ca.value, cb.value));
    }
    return new Node.Binary(op, a, b);
  }

  // ---------------------------------------------------------------- tokens

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  private boolean accept(String op) {
    if (peek().is(op)) {
      pos++;
      return true;
    }
    return false;
  }

  private List<Token> tokenize() throws ExpressionException {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isDigit(c)
          || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        i = number(i, out);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        i = identifierEnd(i);
        // namespaces: TMath::Sqrt is one name
        while (i + 2 < n && text.startsWith("::", i) && isNameStart(text.charAt(i + 2))) {
          i = identifierEnd(i + 2);
        }
        if (i < n && text.charAt(i) == '$') {
          i++; // TTreeFormula's special functions: Length$, Sum$, Alt$ ...
        }
        out.add(new Token(Kind.NAME, text.substring(start, i), start, Double.NaN));
      } else {
        i = operator(i, out);
      }
    }
    out.add(new Token(Kind.END, "", n, Double.NaN));
    return out;
  }

  private int identifierEnd(int i) {
    while (i < text.length()
        && (isNameStart(text.charAt(i))
            || Character.isDigit(text.charAt(i))
            || text.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private int number(int start, List<Token> out) throws ExpressionException {
    int i = start;
    int n = text.length();
    while (i < n && Character.isDigit(text.charAt(i))) {
      i++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      int e = i + 1;
      if (e < n && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
        e++;
      }
      if (e >= n || !Character.isDigit(text.charAt(e))) {
        throw error(
            "malformed number '"
                + text.substring(start, Math.min(e + 1, n)).strip()
                + "': the exponent has no digits",
            start);
      }
      while (e < n && Character.isDigit(text.charAt(e))) {
        e++;
      }
      i = e;
    }
    if (i < n && (isNameStart(text.charAt(i)) || text.charAt(i) == '.')) {
      int end = identifierEnd(i);
      throw error("malformed number '" + text.substring(start, end) + "'", start);
    }
    String literal = text.substring(start, i);
    out.add(new Token(Kind.NUMBER, literal, start, Double.parseDouble(literal)));
    return i;
  }

  private static final List<String> OPERATORS =
      List.of(
          "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "(", ")", "[",
          "]", ",");

  private int operator(int i, List<Token> out) throws ExpressionException {
    if (text.startsWith("**", i) || text.charAt(i) == '^') {
      throw error(
          "'"
              + (text.charAt(i) == '^' ? "^" : "**")
              + "' is not supported (power in ROOT's TFormula, "
              + "something else in C++); write pow(x, y)",
          i);
    }
    for (String op : OPERATORS) {
      if (text.startsWith(op, i)) {
        out.add(new Token(Kind.OP, op, i, Double.NaN));
        return i + op.length();
      }
    }
    char c = text.charAt(i);
    String message =
        switch (c) {
          case '=' -> "'=' is an assignment; write '==' to compare";
          case '&' -> "bitwise '&' is not supported; write '&&' for a logical and";
          case '|' -> "bitwise '|' is not supported; write '||' for a logical or";
          default -> "unexpected character '" + c + "' at column " + (i + 1);
        };
    throw error(message, i);
  }

  // ---------------------------------------------------------------- errors

  private ExpressionException closing(Token found, String expected, String what) {
    if (found.kind() == Kind.END) {
      return error("missing " + expected + " " + what, found.column());
    }
    return error(
        "expected "
            + expected
            + " "
            + what
            + ", found "
            + found.describe()
            + " at column "
            + (found.column() + 1),
        found.column());
  }

  /** The exception with the three-line message: what, the expression, a caret under the column. */
  private ExpressionException error(String what, int column) {
    return new ExpressionException(format(what, text, column), text, column);
  }

  static String format(String what, String expression, int column) {
    StringBuilder shown = new StringBuilder(expression.length());
    // tabs and line breaks shown as spaces, so the caret stays under its character
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      shown.append(Character.isWhitespace(c) ? ' ' : c);
    }
    return what + "\n  " + shown + "\n  " + " ".repeat(Math.max(0, column)) + "^";
  }
}
