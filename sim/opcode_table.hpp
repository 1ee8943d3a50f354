#pragma once
// Every operation of the equation language, written once. Each entry gives the opcode's name,
// arity, meaning on one value, how equations spell it, how native kernels spell it, and how it
// scales a value (for the linear-trace matcher). The interpreter's loops, constant folding in
// build/equations, the native-kernel generator, the parser's operator and function tables and
// the linear-trace matcher all read this table; docs/equations.md documents it for users and a
// test checks that the two agree.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace neurowire::sim {

// The order is the table's: opcode_table[k].op == opcode(k), checked below.
enum class opcode : std::uint8_t {
    copy,
    add, sub, mul, div, pow, min, max,
    lt, le, gt, ge, eq, ne,
    neg, exp, log, sqrt, abs, tanh, sigmoid, sin, cos, heaviside,
    clip, select,
    // Pairs of binary operations fused into one pass over a chunk: dst = (a x b) y c, rounded
    // after each operation exactly as the two separate instructions would be. The equation
    // compiler emits them where a temporary is read once, by the next instruction.
    add_add, add_sub, add_mul, add_div,
    sub_add, sub_sub, sub_mul, sub_div,
    mul_add, mul_sub, mul_mul, mul_div,
    exprel,   // exponential Euler's factor (solver exponential_euler)
};

// Which operator of equations, if any, spells an opcode (functions are named separately).
enum class syntax : std::uint8_t {
    none,         // no operator: a function, or made by the compiler only (copy, the fused pairs)
    prefix,       // -a
    infix,        // a + b, a ^ b
    comparison,   // a < b: binds loosest, gives 1 or 0
};

// What an evaluation may do differently from the scalar meaning, identically in the interpreter
// and the native kernels (so the two agree bit for bit):
enum class shortcut : std::uint8_t {
    none,
    // A per-unit dividend over a shared divisor (1/τ everywhere) is multiplied by the divisor's
    // reciprocal, computed once: a vector division costs several multiplications. Within an ulp
    // of a / b. Two shared operands divide exactly. For fused pairs, the divisor is c.
    shared_divisor,
    // A shared exponent equal to 2 is x·x outright (the QIF's v²), the check made once instead
    // of per unit; the scalar meaning makes the same choice per unit.
    exponent_two,
};

// How an opcode carries a value through (the linear-trace matcher follows chains of these from
// a state to its derivative).
enum class scaling : std::uint8_t {
    none,
    identity,   // a
    negation,   // -a
    product,    // a·b
    quotient,   // a / b
};

struct OpcodeInfo {
    opcode op;
    std::string_view name;       // in messages and generated code
    int arity;                   // operands read: a, b, c
    syntax spelled_as;
    std::string_view spelling;   // the operator in equations ("+", "<"); empty for syntax::none
    std::string_view function;   // the function equations call ("exp", "where"); empty if none
    // In native kernels: $1 $2 $3 are the operands as they are (a double for shared values, the
    // kernel's value type T for per-unit ones), $T1 $T2 $T3 the operands broadcast to T (what
    // the prelude's nw_ helpers take).
    std::string_view cpp;
    shortcut fast;
    scaling scales;
    double (*scalar)(double a, double b, double c);
    std::string_view meaning;    // for users (docs/equations.md)
};

namespace scalar_ops {
inline double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline double heaviside(double x) { return x >= 0.0 ? 1.0 : 0.0; }
inline double clip(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
inline double power(double a, double b) { return b == 2.0 ? a * a : std::pow(a, b); }
inline double truth(bool x) { return x ? 1.0 : 0.0; }
// expm1 keeps the factor accurate where e^a − 1 would cancel (|a| ≪ 1, the usual a = −dt/τ).
inline double exprel(double x) { return x == 0.0 ? 1.0 : std::expm1(x) / x; }
}  // namespace scalar_ops

// clang-format off
inline constexpr std::array<OpcodeInfo, 39> opcode_table{{
    {opcode::copy, "copy", 1, syntax::none, "", "", "$1", shortcut::none, scaling::identity,
     +[](double a, double, double) { return a; }, "a"},
    {opcode::add, "add", 2, syntax::infix, "+", "", "($1 + $2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return a + b; }, "sum"},
    {opcode::sub, "sub", 2, syntax::infix, "-", "", "($1 - $2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return a - b; }, "difference"},
    {opcode::mul, "mul", 2, syntax::infix, "*", "", "($1 * $2)", shortcut::none, scaling::product,
     +[](double a, double b, double) { return a * b; }, "product"},
    {opcode::div, "div", 2, syntax::infix, "/", "", "($1 / $2)", shortcut::shared_divisor, scaling::quotient,
     +[](double a, double b, double) { return a / b; }, "quotient"},
    {opcode::pow, "pow", 2, syntax::infix, "^", "pow", "nw_pow($T1, $T2)", shortcut::exponent_two, scaling::none,
     +[](double a, double b, double) { return scalar_ops::power(a, b); }, "a to the power b (also `**` and `pow(a, b)`)"},
    {opcode::min, "min", 2, syntax::none, "", "min", "nw_sel($T2 < $T1, $T2, $T1)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return std::min(a, b); }, "the smaller of a and b"},
    {opcode::max, "max", 2, syntax::none, "", "max", "nw_sel($T1 < $T2, $T2, $T1)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return std::max(a, b); }, "the larger of a and b"},
    {opcode::lt, "lt", 2, syntax::comparison, "<", "", "nw_b2d($T1 < $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a < b); }, "1 if a < b, else 0"},
    {opcode::le, "le", 2, syntax::comparison, "<=", "", "nw_b2d($T1 <= $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a <= b); }, "1 if a ≤ b, else 0"},
    {opcode::gt, "gt", 2, syntax::comparison, ">", "", "nw_b2d($T1 > $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a > b); }, "1 if a > b, else 0"},
    {opcode::ge, "ge", 2, syntax::comparison, ">=", "", "nw_b2d($T1 >= $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a >= b); }, "1 if a ≥ b, else 0"},
    {opcode::eq, "eq", 2, syntax::comparison, "==", "", "nw_b2d($T1 == $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a == b); }, "1 if a = b, else 0"},
    {opcode::ne, "ne", 2, syntax::comparison, "!=", "", "nw_b2d($T1 != $T2)", shortcut::none, scaling::none,
     +[](double a, double b, double) { return scalar_ops::truth(a != b); }, "1 if a ≠ b, else 0"},
    {opcode::neg, "neg", 1, syntax::prefix, "-", "", "(-$1)", shortcut::none, scaling::negation,
     +[](double a, double, double) { return -a; }, "negation"},
    {opcode::exp, "exp", 1, syntax::none, "", "exp", "nw_exp($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::exp(a); }, "e^a"},
    {opcode::log, "log", 1, syntax::none, "", "log", "nw_log($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::log(a); }, "natural logarithm"},
    {opcode::sqrt, "sqrt", 1, syntax::none, "", "sqrt", "nw_sqrt($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::sqrt(a); }, "square root"},
    {opcode::abs, "abs", 1, syntax::none, "", "abs", "nw_fabs($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::abs(a); }, "absolute value"},
    {opcode::tanh, "tanh", 1, syntax::none, "", "tanh", "nw_tanh($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::tanh(a); }, "hyperbolic tangent"},
    {opcode::sigmoid, "sigmoid", 1, syntax::none, "", "sigmoid", "(1.0 / (1.0 + nw_exp(-$T1)))", shortcut::none, scaling::none,
     +[](double a, double, double) { return scalar_ops::sigmoid(a); }, "logistic function 1 / (1 + e^−a)"},
    {opcode::sin, "sin", 1, syntax::none, "", "sin", "nw_sin($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::sin(a); }, "sine (radians)"},
    {opcode::cos, "cos", 1, syntax::none, "", "cos", "nw_cos($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return std::cos(a); }, "cosine (radians)"},
    {opcode::heaviside, "heaviside", 1, syntax::none, "", "heaviside", "nw_b2d($T1 >= 0.0)", shortcut::none, scaling::none,
     +[](double a, double, double) { return scalar_ops::heaviside(a); }, "1 if a ≥ 0, else 0 (H(0) = 1, as torch and RectiPy)"},
    {opcode::clip, "clip", 3, syntax::none, "", "clip",
     "nw_sel($T3 < nw_sel($T1 < $T2, $T2, $T1), $T3, nw_sel($T1 < $T2, $T2, $T1))", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return scalar_ops::clip(a, b, c); }, "a limited to [b, c]: min(max(a, b), c)"},
    {opcode::select, "select", 3, syntax::none, "", "where", "nw_sel($T1 != 0.0, $T2, $T3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return a != 0.0 ? b : c; }, "b where a ≠ 0, else c"},
    {opcode::add_add, "add_add", 3, syntax::none, "", "", "(($1 + $2) + $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a + b) + c; }, "(a + b) + c"},
    {opcode::add_sub, "add_sub", 3, syntax::none, "", "", "(($1 + $2) - $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a + b) - c; }, "(a + b) − c"},
    {opcode::add_mul, "add_mul", 3, syntax::none, "", "", "(($1 + $2) * $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a + b) * c; }, "(a + b) · c"},
    {opcode::add_div, "add_div", 3, syntax::none, "", "", "(($1 + $2) / $3)", shortcut::shared_divisor, scaling::none,
     +[](double a, double b, double c) { return (a + b) / c; }, "(a + b) / c"},
    {opcode::sub_add, "sub_add", 3, syntax::none, "", "", "(($1 - $2) + $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a - b) + c; }, "(a − b) + c"},
    {opcode::sub_sub, "sub_sub", 3, syntax::none, "", "", "(($1 - $2) - $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a - b) - c; }, "(a − b) − c"},
    {opcode::sub_mul, "sub_mul", 3, syntax::none, "", "", "(($1 - $2) * $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a - b) * c; }, "(a − b) · c"},
    {opcode::sub_div, "sub_div", 3, syntax::none, "", "", "(($1 - $2) / $3)", shortcut::shared_divisor, scaling::none,
     +[](double a, double b, double c) { return (a - b) / c; }, "(a − b) / c"},
    {opcode::mul_add, "mul_add", 3, syntax::none, "", "", "(($1 * $2) + $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a * b) + c; }, "(a · b) + c"},
    {opcode::mul_sub, "mul_sub", 3, syntax::none, "", "", "(($1 * $2) - $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a * b) - c; }, "(a · b) − c"},
    {opcode::mul_mul, "mul_mul", 3, syntax::none, "", "", "(($1 * $2) * $3)", shortcut::none, scaling::none,
     +[](double a, double b, double c) { return (a * b) * c; }, "(a · b) · c"},
    {opcode::mul_div, "mul_div", 3, syntax::none, "", "", "(($1 * $2) / $3)", shortcut::shared_divisor, scaling::none,
     +[](double a, double b, double c) { return (a * b) / c; }, "(a · b) / c"},
    {opcode::exprel, "exprel", 1, syntax::none, "", "exprel", "nw_exprel($T1)", shortcut::none, scaling::none,
     +[](double a, double, double) { return scalar_ops::exprel(a); }, "(e^a − 1) / a, and 1 at a = 0"},
}};
// clang-format on

constexpr bool table_in_opcode_order() {
    for (std::size_t k = 0; k < opcode_table.size(); ++k)
        if (static_cast<std::size_t>(opcode_table[k].op) != k) return false;
    return true;
}
static_assert(table_in_opcode_order(), "opcode_table must list the opcodes in their enum order");

constexpr const OpcodeInfo& info(opcode op) { return opcode_table[static_cast<std::size_t>(op)]; }
constexpr int arity(opcode op) { return info(op).arity; }

// The fused opcode for (a x b) y c, x in {add, sub, mul}, y in {add, sub, mul, div}.
constexpr opcode fused_opcode(opcode x, opcode y) {
    const int row = x == opcode::add ? 0 : x == opcode::sub ? 1 : 2;
    const int col = y == opcode::add ? 0 : y == opcode::sub ? 1 : y == opcode::mul ? 2 : 3;
    return static_cast<opcode>(static_cast<int>(opcode::add_add) + 4 * row + col);
}
constexpr bool is_fused(opcode op) { return op >= opcode::add_add && op <= opcode::mul_div; }
// The first and second operation of a fused opcode.
constexpr opcode fused_first(opcode op) {
    const int k = (static_cast<int>(op) - static_cast<int>(opcode::add_add)) / 4;
    return k == 0 ? opcode::add : k == 1 ? opcode::sub : opcode::mul;
}
constexpr opcode fused_second(opcode op) {
    const int k = (static_cast<int>(op) - static_cast<int>(opcode::add_add)) % 4;
    return k == 0 ? opcode::add : k == 1 ? opcode::sub : k == 2 ? opcode::mul : opcode::div;
}

// The opcode of the operator `text` of the given syntax in equations; nullptr if there is none.
constexpr const OpcodeInfo* find_operator(syntax s, std::string_view text) {
    for (const OpcodeInfo& o : opcode_table)
        if (s != syntax::none && o.spelled_as == s && o.spelling == text) return &o;
    return nullptr;
}

// The opcode the function `name` calls in equations; nullptr if there is none.
constexpr const OpcodeInfo* find_function(std::string_view name) {
    for (const OpcodeInfo& o : opcode_table)
        if (!o.function.empty() && o.function == name) return &o;
    return nullptr;
}

// The meaning of an opcode on one value each of a, b and c (b, c ignored below its arity).
inline double apply(opcode op, double a, double b, double c) { return info(op).scalar(a, b, c); }

}  // namespace neurowire::sim
