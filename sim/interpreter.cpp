#include "sim/interpreter.hpp"

#include "sim/ops.hpp"

namespace neurowire::sim {

namespace {

// dst and operands may be the same register (element-wise reuse), so no __restrict here: the
// compiler versions the loops with a run-time overlap check instead.
template <class F>
inline void unary(double* d, const double* a, bool as, std::uint32_t n, F f) {
    if (as) {
        const double v = f(*a);
        for (std::uint32_t i = 0; i < n; ++i) d[i] = v;
    } else {
        for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i]);
    }
}

template <class F>
inline void binary(double* d, const double* a, bool as, const double* b, bool bs, std::uint32_t n, F f) {
    if (as && bs) {
        const double v = f(*a, *b);
        for (std::uint32_t i = 0; i < n; ++i) d[i] = v;
    } else if (as) {
        const double x = *a;
        for (std::uint32_t i = 0; i < n; ++i) d[i] = f(x, b[i]);
    } else if (bs) {
        const double y = *b;
        for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i], y);
    } else {
        for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i], b[i]);
    }
}

// Three-operand opcodes are rare (clip, select): one generic loop with strides 0 or 1.
template <class F>
inline void ternary(double* d, const double* a, bool as, const double* b, bool bs, const double* c, bool cs,
                    std::uint32_t n, F f) {
    const std::uint32_t sa = as ? 0 : 1, sb = bs ? 0 : 1, sc = cs ? 0 : 1;
    for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i * sa], b[i * sb], c[i * sc]);
}

}  // namespace

NEUROWIRE_VECTOR_CLONES
void run_chunk(const std::vector<Instruction>& code, const Frame& fr) {
    const std::uint32_t n = fr.count;
    for (const Instruction& ins : code) {
        double* d = fr.pointer(ins.dst);
        const double* a = fr.pointer(ins.a);
        const bool as = fr.is_scalar(ins.a);
        const int k = arity(ins.op);
        const double* b = k > 1 ? fr.pointer(ins.b) : nullptr;
        const bool bs = k > 1 && fr.is_scalar(ins.b);
        switch (ins.op) {
            case opcode::copy: unary(d, a, as, n, [](double x) { return x; }); break;
            case opcode::neg: unary(d, a, as, n, [](double x) { return -x; }); break;
            case opcode::exp: unary(d, a, as, n, [](double x) { return std::exp(x); }); break;
            case opcode::log: unary(d, a, as, n, [](double x) { return std::log(x); }); break;
            case opcode::sqrt: unary(d, a, as, n, [](double x) { return std::sqrt(x); }); break;
            case opcode::abs: unary(d, a, as, n, [](double x) { return std::abs(x); }); break;
            case opcode::tanh: unary(d, a, as, n, [](double x) { return std::tanh(x); }); break;
            case opcode::sigmoid: unary(d, a, as, n, [](double x) { return ops::sigmoid(x); }); break;
            case opcode::sin: unary(d, a, as, n, [](double x) { return std::sin(x); }); break;
            case opcode::cos: unary(d, a, as, n, [](double x) { return std::cos(x); }); break;
            case opcode::heaviside: unary(d, a, as, n, [](double x) { return ops::heaviside(x); }); break;
            case opcode::add: binary(d, a, as, b, bs, n, [](double x, double y) { return x + y; }); break;
            case opcode::sub: binary(d, a, as, b, bs, n, [](double x, double y) { return x - y; }); break;
            case opcode::mul: binary(d, a, as, b, bs, n, [](double x, double y) { return x * y; }); break;
            case opcode::div:
                if (bs && !as) {
                    // A shared divisor (1/τ everywhere): multiply by its reciprocal, since a vector
                    // division costs several multiplications. Differs from a/b by at most an ulp.
                    const double r = 1.0 / *b;
                    unary(d, a, false, n, [r](double x) { return x * r; });
                } else {
                    binary(d, a, as, b, bs, n, [](double x, double y) { return x / y; });
                }
                break;
            case opcode::pow: binary(d, a, as, b, bs, n, [](double x, double y) { return std::pow(x, y); }); break;
            case opcode::min: binary(d, a, as, b, bs, n, [](double x, double y) { return std::min(x, y); }); break;
            case opcode::max: binary(d, a, as, b, bs, n, [](double x, double y) { return std::max(x, y); }); break;
            case opcode::lt: binary(d, a, as, b, bs, n, [](double x, double y) { return x < y ? 1.0 : 0.0; }); break;
            case opcode::le: binary(d, a, as, b, bs, n, [](double x, double y) { return x <= y ? 1.0 : 0.0; }); break;
            case opcode::gt: binary(d, a, as, b, bs, n, [](double x, double y) { return x > y ? 1.0 : 0.0; }); break;
            case opcode::ge: binary(d, a, as, b, bs, n, [](double x, double y) { return x >= y ? 1.0 : 0.0; }); break;
            case opcode::eq: binary(d, a, as, b, bs, n, [](double x, double y) { return x == y ? 1.0 : 0.0; }); break;
            case opcode::ne: binary(d, a, as, b, bs, n, [](double x, double y) { return x != y ? 1.0 : 0.0; }); break;
            case opcode::clip:
                ternary(d, a, as, b, bs, fr.pointer(ins.c), fr.is_scalar(ins.c), n,
                        [](double x, double lo, double hi) { return ops::clip(x, lo, hi); });
                break;
            case opcode::select:
                ternary(d, a, as, b, bs, fr.pointer(ins.c), fr.is_scalar(ins.c), n,
                        [](double c, double x, double y) { return c != 0.0 ? x : y; });
                break;
        }
    }
}

void run_scalar_code(const std::vector<Instruction>& code, std::vector<double>& s) {
    for (const Instruction& ins : code) {
        const double a = s[ins.a.index];
        const int k = arity(ins.op);
        const double b = k > 1 ? s[ins.b.index] : 0.0;
        const double c = k > 2 ? s[ins.c.index] : 0.0;
        s[ins.dst.index] = ops::apply(ins.op, a, b, c);
    }
}

}  // namespace neurowire::sim
