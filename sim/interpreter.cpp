#include "sim/interpreter.hpp"

#include <utility>

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

// dst = f(a, b, c) for a fused pair: one loop per combination of broadcast operands, so each
// vectorises.
template <bool AS, bool BS, bool CS, class F>
NEUROWIRE_INLINE void fused_loop(double* d, const double* a, const double* b, const double* c, std::uint32_t n, F f) {
    const double a0 = *a, b0 = *b, c0 = *c;
    for (std::uint32_t i = 0; i < n; ++i) d[i] = f(AS ? a0 : a[i], BS ? b0 : b[i], CS ? c0 : c[i]);
}

template <class F>
NEUROWIRE_INLINE void fused(double* d, const double* a, bool as, const double* b, bool bs, const double* c, bool cs,
                  std::uint32_t n, F f) {
    switch ((as ? 4 : 0) | (bs ? 2 : 0) | (cs ? 1 : 0)) {
        case 0: fused_loop<false, false, false>(d, a, b, c, n, f); break;
        case 1: fused_loop<false, false, true>(d, a, b, c, n, f); break;
        case 2: fused_loop<false, true, false>(d, a, b, c, n, f); break;
        case 3: fused_loop<false, true, true>(d, a, b, c, n, f); break;
        case 4: fused_loop<true, false, false>(d, a, b, c, n, f); break;
        case 5: fused_loop<true, false, true>(d, a, b, c, n, f); break;
        case 6: fused_loop<true, true, false>(d, a, b, c, n, f); break;
        default: fused_loop<true, true, true>(d, a, b, c, n, f); break;
    }
}

// A fused pair (a x b) y c. A shared divisor c becomes a multiplication by its reciprocal, as
// for the unfused div whose dividend is a register.
template <std::size_t K>
NEUROWIRE_INLINE void run_fused(const Instruction& ins, const Frame& fr) {
    constexpr OpcodeInfo op = opcode_table[K];
    constexpr auto f = op.scalar;
    double* d = fr.pointer(ins.dst);
    const double* a = fr.pointer(ins.a);
    const double* b = fr.pointer(ins.b);
    const double* c = fr.pointer(ins.c);
    const bool as = fr.is_scalar(ins.a), bs = fr.is_scalar(ins.b), cs = fr.is_scalar(ins.c);
    if (op.fast == shortcut::shared_divisor && cs) {
        constexpr auto first = info(fused_first(op.op)).scalar;
        const double r = 1.0 / *c;
        fused(d, a, as, b, bs, &r, true, fr.count, [](double x, double y, double z) { return first(x, y, 0.0) * z; });
    } else {
        fused(d, a, as, b, bs, c, cs, fr.count, [](double x, double y, double z) { return f(x, y, z); });
    }
}

// One instruction over the chunk, as opcode_table[K] defines it.
template <std::size_t K>
NEUROWIRE_INLINE void run_instruction(const Instruction& ins, const Frame& fr) {
    constexpr OpcodeInfo op = opcode_table[K];
    constexpr auto f = op.scalar;
    const std::uint32_t n = fr.count;
    double* d = fr.pointer(ins.dst);
    const double* a = fr.pointer(ins.a);
    const bool as = fr.is_scalar(ins.a);
    if constexpr (is_fused(op.op)) {
        run_fused<K>(ins, fr);
    } else if constexpr (op.arity == 1) {
        unary(d, a, as, n, [](double x) { return f(x, 0.0, 0.0); });
    } else if constexpr (op.arity == 2) {
        const double* b = fr.pointer(ins.b);
        const bool bs = fr.is_scalar(ins.b);
        if (op.fast == shortcut::shared_divisor && bs && !as) {
            const double r = 1.0 / *b;
            unary(d, a, false, n, [r](double x) { return x * r; });
        } else if (op.fast == shortcut::exponent_two && bs && !as && *b == 2.0) {
            // x·x is the correctly rounded square, as C++ compilers themselves rewrite pow(x, 2.0).
            unary(d, a, false, n, [](double x) { return x * x; });
        } else {
            binary(d, a, as, b, bs, n, [](double x, double y) { return f(x, y, 0.0); });
        }
    } else {
        ternary(d, a, as, fr.pointer(ins.b), fr.is_scalar(ins.b), fr.pointer(ins.c), fr.is_scalar(ins.c), n,
                [](double x, double y, double z) { return f(x, y, z); });
    }
}

// The switch over every opcode, written by the table (GCC turns the chain into a jump table).
template <std::size_t... K>
NEUROWIRE_INLINE void dispatch(const Instruction& ins, const Frame& fr, std::index_sequence<K...>) {
    (void)((ins.op == opcode_table[K].op ? (run_instruction<K>(ins, fr), true) : false) || ...);
}

}  // namespace

NEUROWIRE_VECTOR_CLONES
void run_chunk(const std::vector<Instruction>& code, const Frame& fr) {
    for (const Instruction& ins : code) dispatch(ins, fr, std::make_index_sequence<opcode_table.size()>{});
}

void run_scalar_code(const std::vector<Instruction>& code, std::vector<double>& s) {
    for (const Instruction& ins : code) {
        const double a = s[ins.a.index];
        const int k = arity(ins.op);
        const double b = k > 1 ? s[ins.b.index] : 0.0;
        const double c = k > 2 ? s[ins.c.index] : 0.0;
        s[ins.dst.index] = apply(ins.op, a, b, c);
    }
}

}  // namespace neurowire::sim
