#include "sim/interpreter.hpp"

#include "sim/ops.hpp"

namespace neurowire::sim {

namespace {

// Helpers are forced inline so that each clone of run_chunk gets them compiled for its own
// instruction set (a helper that stayed out of line would run the baseline code).
#define NEUROWIRE_INLINE [[gnu::always_inline]] inline

// dst and operands may be the same register (element-wise reuse), so no __restrict here: the
// compiler versions the loops with a run-time overlap check instead.
template <class F>
NEUROWIRE_INLINE void unary(double* d, const double* a, bool as, std::uint32_t n, F f) {
    if (as) {
        const double v = f(*a);
        for (std::uint32_t i = 0; i < n; ++i) d[i] = v;
    } else {
        for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i]);
    }
}

template <class F>
NEUROWIRE_INLINE void binary(double* d, const double* a, bool as, const double* b, bool bs, std::uint32_t n, F f) {
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
NEUROWIRE_INLINE void ternary(double* d, const double* a, bool as, const double* b, bool bs, const double* c, bool cs,
                    std::uint32_t n, F f) {
    const std::uint32_t sa = as ? 0 : 1, sb = bs ? 0 : 1, sc = cs ? 0 : 1;
    for (std::uint32_t i = 0; i < n; ++i) d[i] = f(a[i * sa], b[i * sb], c[i * sc]);
}

// dst = g(f(a, b), c): one loop per combination of broadcast operands, so each vectorises.
template <bool AS, bool BS, bool CS, class F, class G>
NEUROWIRE_INLINE void fused_loop(double* d, const double* a, const double* b, const double* c, std::uint32_t n, F f, G g) {
    const double a0 = *a, b0 = *b, c0 = *c;
    for (std::uint32_t i = 0; i < n; ++i) d[i] = g(f(AS ? a0 : a[i], BS ? b0 : b[i]), CS ? c0 : c[i]);
}

template <class F, class G>
NEUROWIRE_INLINE void fused(double* d, const double* a, bool as, const double* b, bool bs, const double* c, bool cs,
                  std::uint32_t n, F f, G g) {
    switch ((as ? 4 : 0) | (bs ? 2 : 0) | (cs ? 1 : 0)) {
        case 0: fused_loop<false, false, false>(d, a, b, c, n, f, g); break;
        case 1: fused_loop<false, false, true>(d, a, b, c, n, f, g); break;
        case 2: fused_loop<false, true, false>(d, a, b, c, n, f, g); break;
        case 3: fused_loop<false, true, true>(d, a, b, c, n, f, g); break;
        case 4: fused_loop<true, false, false>(d, a, b, c, n, f, g); break;
        case 5: fused_loop<true, false, true>(d, a, b, c, n, f, g); break;
        case 6: fused_loop<true, true, false>(d, a, b, c, n, f, g); break;
        default: fused_loop<true, true, true>(d, a, b, c, n, f, g); break;
    }
}

constexpr auto plus = [](double x, double y) { return x + y; };
constexpr auto minus = [](double x, double y) { return x - y; };
constexpr auto times = [](double x, double y) { return x * y; };
constexpr auto divided = [](double x, double y) { return x / y; };

template <class F>
NEUROWIRE_INLINE void fused_then(opcode second, double* d, const double* a, bool as, const double* b, bool bs,
                         const double* c, bool cs, std::uint32_t n, F f) {
    switch (second) {
        case opcode::add: fused(d, a, as, b, bs, c, cs, n, f, plus); break;
        case opcode::sub: fused(d, a, as, b, bs, c, cs, n, f, minus); break;
        case opcode::mul: fused(d, a, as, b, bs, c, cs, n, f, times); break;
        default:
            if (cs) {
                // As the unfused div (whose dividend is a register): a shared divisor becomes a
                // multiplication by its reciprocal.
                const double r = 1.0 / *c;
                fused(d, a, as, b, bs, &r, true, n, f, times);
            } else {
                fused(d, a, as, b, bs, c, cs, n, f, divided);
            }
            break;
    }
}

NEUROWIRE_INLINE void run_fused(const Instruction& ins, const Frame& fr) {
    double* d = fr.pointer(ins.dst);
    const double* a = fr.pointer(ins.a);
    const double* b = fr.pointer(ins.b);
    const double* c = fr.pointer(ins.c);
    const bool as = fr.is_scalar(ins.a), bs = fr.is_scalar(ins.b), cs = fr.is_scalar(ins.c);
    const opcode second = fused_second(ins.op);
    switch (fused_first(ins.op)) {
        case opcode::add: fused_then(second, d, a, as, b, bs, c, cs, fr.count, plus); break;
        case opcode::sub: fused_then(second, d, a, as, b, bs, c, cs, fr.count, minus); break;
        default: fused_then(second, d, a, as, b, bs, c, cs, fr.count, times); break;
    }
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
            case opcode::exprel: unary(d, a, as, n, [](double x) { return ops::exprel(x); }); break;
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
            case opcode::pow:
                if (bs && !as && *b == 2.0) {
                    // x^2 (the QIF's v²): a library call per unit otherwise. x·x is the correctly
                    // rounded square, as C++ compilers themselves rewrite pow(x, 2.0).
                    unary(d, a, false, n, [](double x) { return x * x; });
                } else {
                    binary(d, a, as, b, bs, n, [](double x, double y) { return ops::apply2(opcode::pow, x, y); });
                }
                break;
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
            case opcode::add_add: case opcode::add_sub: case opcode::add_mul: case opcode::add_div:
            case opcode::sub_add: case opcode::sub_sub: case opcode::sub_mul: case opcode::sub_div:
            case opcode::mul_add: case opcode::mul_sub: case opcode::mul_mul: case opcode::mul_div:
                run_fused(ins, fr);
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
