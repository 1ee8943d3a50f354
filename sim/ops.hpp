#pragma once
// The meaning of each opcode on one value. The interpreter's loops and the equation compiler's
// constant folding both use these functions, so folded and run-time results agree bit for bit.
#include <algorithm>
#include <cmath>

#include "sim/program.hpp"

namespace neurowire::sim::ops {

inline double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline double heaviside(double x) { return x >= 0.0 ? 1.0 : 0.0; }
inline double clip(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }
// expm1 keeps the factor accurate where e^a − 1 would cancel (|a| ≪ 1, the usual a = −dt/τ).
inline double exprel(double x) { return x == 0.0 ? 1.0 : std::expm1(x) / x; }

inline double apply1(opcode op, double a) {
    switch (op) {
        case opcode::copy: return a;
        case opcode::neg: return -a;
        case opcode::exp: return std::exp(a);
        case opcode::log: return std::log(a);
        case opcode::sqrt: return std::sqrt(a);
        case opcode::abs: return std::abs(a);
        case opcode::tanh: return std::tanh(a);
        case opcode::sigmoid: return sigmoid(a);
        case opcode::sin: return std::sin(a);
        case opcode::cos: return std::cos(a);
        case opcode::heaviside: return heaviside(a);
        case opcode::exprel: return exprel(a);
        default: return a;
    }
}

inline double apply2(opcode op, double a, double b) {
    switch (op) {
        case opcode::add: return a + b;
        case opcode::sub: return a - b;
        case opcode::mul: return a * b;
        case opcode::div: return a / b;
        case opcode::pow: return b == 2.0 ? a * a : std::pow(a, b);   // as the interpreter's loop
        case opcode::min: return std::min(a, b);
        case opcode::max: return std::max(a, b);
        case opcode::lt: return a < b ? 1.0 : 0.0;
        case opcode::le: return a <= b ? 1.0 : 0.0;
        case opcode::gt: return a > b ? 1.0 : 0.0;
        case opcode::ge: return a >= b ? 1.0 : 0.0;
        case opcode::eq: return a == b ? 1.0 : 0.0;
        case opcode::ne: return a != b ? 1.0 : 0.0;
        default: return a;
    }
}

inline double apply3(opcode op, double a, double b, double c) {
    if (is_fused(op)) return apply2(fused_second(op), apply2(fused_first(op), a, b), c);
    switch (op) {
        case opcode::clip: return clip(a, b, c);
        case opcode::select: return a != 0.0 ? b : c;
        default: return a;
    }
}

inline double apply(opcode op, double a, double b, double c) {
    switch (arity(op)) {
        case 1: return apply1(op, a);
        case 2: return apply2(op, a, b);
        default: return apply3(op, a, b, c);
    }
}

}  // namespace neurowire::sim::ops
