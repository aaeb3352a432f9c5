/**
 * The expression language of {@code cut}, {@code weight}, {@code inputs} and {@code
 * other_variables}: ROOT TTreeFormula habits, compiled once and evaluated over whole columns.
 *
 * <ul>
 *   <li>Values are doubles; booleans are 1.0 and 0.0; {@code true}/{@code false} (and ROOT's {@code
 *       kTRUE}/{@code kFALSE}) are constants.
 *   <li>Branch names: letters, digits, {@code _} and {@code .} ({@code Jet.pt}), not starting with
 *       a digit. {@code x[3]} reads element 3 of a fixed-size array branch.
 *   <li>Numbers: {@code 3}, {@code 2.5}, {@code .5}, {@code 1e-3}.
 *   <li>Operators, loosest first: {@code ||}; {@code &&}; {@code == !=}; {@code < <= > >=}; {@code
 *       + -}; {@code * / %}; unary {@code - + !}. Division by zero gives ±inf or NaN as in C++.
 *       {@code %} is ROOT's: both operands truncated to 64-bit integers, C++ remainder (sign of the
 *       dividend); NaN where C++ is undefined (zero divisor, NaN or infinite operand).
 *   <li>Functions: {@code abs fabs sqrt exp log log10 pow sin cos tan asin acos atan atan2 sinh
 *       cosh tanh min max hypot}; with the {@code TMath::} prefix either those names or ROOT's
 *       spellings ({@code Abs Sqrt Exp Log Log10 Power Sin Cos Tan ASin ACos ATan ATan2 SinH CosH
 *       TanH Min Max Hypot}, and the constants {@code TMath::Pi()}, {@code TMath::E()}). {@code
 *       min}/{@code max} follow TMath ({@code a <= b ? a : b}); {@code pow} follows C ({@code
 *       pow(1, NaN) = 1}).
 *   <li>TTreeFormula's array functions over array branches (jagged, fixed and {@code std::vector}):
 *       {@code Length$(x)}, {@code Sum$(e)}, {@code Min$(e)}, {@code Max$(e)}, {@code MinIf$(e,
 *       c)}, {@code MaxIf$(e, c)}; inside them a name stands for all the elements of each entry
 *       ({@link hepscan.data.expr.VariableRef#ELEMENTS}) and {@code e} is computed element by
 *       element, scalars and {@code x[k]} repeated per element, arrays walked in step up to the
 *       shortest; no element gives 0 as in ROOT. {@code Alt$(a, b)} is {@code a} where it has a
 *       value (not NaN: an element that exists), else {@code b}.
 *   <li>Not supported, with an error saying what to write instead: {@code ^} and {@code **} (use
 *       {@code pow}), bitwise {@code & |}, assignment {@code =}, multi-dimensional and variable
 *       array indices.
 * </ul>
 *
 * <p>Parsing builds a tree of evaluator nodes with constant sub-expressions folded. Evaluation runs
 * block by block (2048 events): each operator is one tight loop over a cached block, with no
 * per-event parsing, boxing or virtual calls.
 */
package hepscan.data.expr;
