package hepscan.data.expr;

/** Operators and functions of two arguments. */
enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  LT,
  LE,
  GT,
  GE,
  EQ,
  NE,
  AND,
  OR,
  POW,
  ATAN2,
  MIN,
  MAX,
  HYPOT,
  /** TTreeFormula's {@code Alt$(a, b)}: a where it has a value (not NaN), else b. */
  ALT
}
