package hepscan.data.expr;

/** Operators and functions of one argument. */
enum UnaryOp {
  NEG,
  NOT,
  ABS,
  SQRT,
  EXP,
  LOG,
  LOG10,
  SIN,
  COS,
  TAN,
  ASIN,
  ACOS,
  ATAN,
  SINH,
  COSH,
  TANH
}
