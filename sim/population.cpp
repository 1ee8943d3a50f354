#include "sim/population.hpp"

#include <algorithm>
#include <cmath>

#include <omp.h>

#include "sim/interpreter.hpp"

namespace neurowire::sim {

namespace {

// x ← x + dt·d over a chunk; with `until`, units still refractory in `step` (step <= until) keep x. Returns non-zero if a
// new value is NaN or ±Inf: x − x is 0 only for finite x, and an integer OR (unlike a
// floating-point sum) may be reordered, so the check vectorises with the update. The arrays
// never overlap (a derivative that is a state is copied to a temporary by the compiler).
inline std::uint64_t euler_step(double* __restrict x, const double* __restrict d, bool d_scalar,
                                const double* __restrict until, double k, double dt, std::uint32_t n) {
    std::uint64_t bad = 0;
    if (d_scalar) {
        const double step = dt * *d;
        for (std::uint32_t i = 0; i < n; ++i) {
            const double moved = x[i] + step;
            const double y = until && k <= until[i] ? x[i] : moved;
            x[i] = y;
            bad |= static_cast<std::uint64_t>(y - y != 0.0);
        }
    } else if (until) {
        // Both candidates are computed unconditionally: a load under a condition would keep the
        // compiler from turning the choice into a vector blend.
        for (std::uint32_t i = 0; i < n; ++i) {
            const double moved = x[i] + dt * d[i];
            const double y = k > until[i] ? moved : x[i];
            x[i] = y;
            bad |= static_cast<std::uint64_t>(y - y != 0.0);
        }
    } else {
        for (std::uint32_t i = 0; i < n; ++i) {
            const double y = x[i] + dt * d[i];
            x[i] = y;
            bad |= static_cast<std::uint64_t>(y - y != 0.0);
        }
    }
    return bad;
}

}  // namespace

PopulationRuntime::PopulationRuntime(PopulationProgram& program, double dt, int threads)
    : program_(program), dt_(dt), threads_(std::max(1, threads)) {
    arrays_ = AlignedArrays(program_.values.arrays.size(), program_.size);
    arrays_.load(program_.values.arrays);
    for (std::size_t k = 0; k < arrays_.count(); ++k) pointers_.push_back(arrays_[k]);
    n_chunks_ = (program_.size + chunk_size - 1) / chunk_size;
    parallel_ = threads_ > 1 && n_chunks_ >= parallel_min_chunks;
    if (!parallel_) threads_ = 1;
    // One register beyond the program's temporaries holds the spike flags of a chunk.
    temps_.assign(static_cast<std::size_t>(threads_),
                  std::vector<double>(static_cast<std::size_t>(program_.values.n_temps + 1) * chunk_size, 0.0));
    run_scalar_code(program_.scalar_code, program_.values.scalars);
    held_.assign(program_.states.size(), 0);
    chunk_spikes_.resize(n_chunks_);
    chunk_bad_.assign(n_chunks_, 0);
    if (!program_.spike) return;
    const SpikeRule& rule = *program_.spike;
    if (rule.code.size() == 1) {
        const Instruction& c = rule.code[0];
        const bool compares = c.op == opcode::ge || c.op == opcode::gt || c.op == opcode::le || c.op == opcode::lt;
        auto reads_condition = [&](const SpikeUpdate& u) { return u.value == rule.condition; };
        threshold_ = compares && c.dst == rule.condition && c.a.kind != operand_kind::scalar &&
                     c.b.kind == operand_kind::scalar && rule.condition.kind == operand_kind::temp &&
                     std::none_of(rule.reset.begin(), rule.reset.end(), reads_condition) &&
                     std::none_of(rule.add.begin(), rule.add.end(), reads_condition);
    }
    for (const auto k : rule.held) held_[k] = 1;
    until_ = AlignedArrays(1, program_.size);
    std::fill(until_[0], until_[0] + program_.size, -1.0);
    const Operand ref = program_.spike->refractory;
    // Refractory periods in whole steps, rounded to nearest.
    auto to_steps = [&](double t) { return std::max(0.0, std::round(t / dt_)); };
    if (!ref.valid()) {
        refractory_steps_.assign(1, 0);
    } else if (ref.kind == operand_kind::scalar) {
        refractory_steps_.assign(1, to_steps(program_.values.scalars[ref.index]));
    } else {
        for (const double t : program_.values.arrays[ref.index]) refractory_steps_.push_back(to_steps(t));
    }
}

void PopulationRuntime::set_time(double t) {
    if (program_.values.time != no_slot) program_.values.scalars[program_.values.time] = t;
}

void PopulationRuntime::set_time(double t, int thread) {
    if (program_.values.time == no_slot) return;
    if (thread_scalars_.empty()) program_.values.scalars[program_.values.time] = t;
    else thread_scalars_[thread][program_.values.time] = t;
}

void PopulationRuntime::prepare_blocks(int threads) {
    const auto n = static_cast<std::size_t>(std::max(1, threads));
    if (temps_.size() < n) temps_.resize(n, temps_[0]);
    if (program_.values.time != no_slot && n > 1) thread_scalars_.assign(n, program_.values.scalars);
}

void PopulationRuntime::run_source_code(index_t begin, index_t end, int thread) {
    if (program_.source_code.empty()) return;
    for (index_t b = begin; b < end; b += chunk_size) {
        const Frame fr{pointers_.data(), scalars(thread), temps_[thread].data(), b, std::min(chunk_size, end - b)};
        run_chunk(program_.source_code, fr);
    }
}

bool PopulationRuntime::update_block(std::uint64_t step, index_t begin, index_t end, int thread,
                                     std::vector<index_t>& spikes) {
    if (begin >= end) return true;
    if (kernel_) {
        index_t* fired = fired_.empty() ? nullptr : fired_.data() + begin;
        std::uint64_t n = 0;
        const bool finite = kernel_(pointers_.data(), scalars(thread), until_.count() ? until_[0] : nullptr,
                                    refractory_steps_.empty() ? nullptr : refractory_steps_.data(), fired, &n, dt_,
                                    static_cast<double>(step), begin, end) == 0;
        if (fired) spikes.insert(spikes.end(), fired, fired + n);
        return finite;
    }
    bool finite = true;
    double* temps = temps_[thread].data();
    const double* s = scalars(thread);
    for (std::uint32_t c = begin / chunk_size; c * chunk_size < end; ++c) {
        finite = integrate_chunk(c, temps, s, static_cast<double>(step)) && finite;
        if (program_.spike) spikes.insert(spikes.end(), chunk_spikes_[c].begin(), chunk_spikes_[c].end());
    }
    return finite;
}

void PopulationRuntime::run_source_code() {
    if (program_.source_code.empty()) return;
    const auto nc = static_cast<std::int64_t>(n_chunks_);
#pragma omp parallel for num_threads(threads_) schedule(static) if (parallel_)
    for (std::int64_t c = 0; c < nc; ++c) {
        const auto begin = static_cast<std::uint32_t>(c) * chunk_size;
        const Frame fr{pointers_.data(), program_.values.scalars.data(), temps_[omp_get_thread_num()].data(),
                       begin, std::min(chunk_size, program_.size - begin)};
        run_chunk(program_.source_code, fr);
    }
}

NEUROWIRE_VECTOR_CLONES
bool PopulationRuntime::integrate_chunk(std::uint32_t c, double* temps, const double* scalars, double step) {
    const std::uint32_t begin = c * chunk_size;
    const std::uint32_t n = std::min(chunk_size, program_.size - begin);
    const Frame fr{pointers_.data(), scalars, temps, begin, n};
    run_chunk(program_.code, fr);

    const double* until = until_.count() ? until_[0] + begin : nullptr;
    std::uint64_t bad = 0;
    for (std::size_t s = 0; s < program_.states.size(); ++s) {
        const StateVar& sv = program_.states[s];
        bad |= euler_step(pointers_[sv.value] + begin, fr.pointer(sv.derivative), fr.is_scalar(sv.derivative),
                          held_[s] ? until : nullptr, step, dt_, n);
    }

    auto& spikes = chunk_spikes_[c];
    spikes.clear();
    if (program_.spike) detect_spikes(fr, step, spikes);

    return bad == 0;
}

// The flags in one pass: units past their last refractory step whose condition (fire(i)) holds.
template <class Fire>
[[gnu::always_inline]] inline std::uint64_t flag_spikes(double* __restrict flag, const double* __restrict until,
                                                        double step, std::uint32_t n, Fire fire) {
    std::uint64_t any = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        // `&`, not `&&`: the condition is read for every unit, so the loop has no branch.
        const bool f = (step > until[i]) & fire(i);
        flag[i] = f ? 1.0 : 0.0;
        any |= static_cast<std::uint64_t>(f);
    }
    return any;
}

// A unit spikes if it is not refractory and its condition holds. The flags and the countdown
// are one vectorised pass; only chunks with a spike take the per-unit pass that applies resets.
// A condition that is one comparison of a per-unit value with a shared one (v >= v_th) is
// evaluated inside that pass rather than by the interpreter: one pass over the chunk fewer.
NEUROWIRE_VECTOR_CLONES
void PopulationRuntime::detect_spikes(const Frame& fr, double step, std::vector<index_t>& spikes) {
    const SpikeRule& rule = *program_.spike;
    const std::uint32_t n = fr.count, begin = fr.begin;
    double* until = until_[0] + begin;
    double* flag = fr.temps + static_cast<std::size_t>(program_.values.n_temps) * chunk_size;
    std::uint64_t any = 0;
    if (threshold_) {
        const Instruction& cmp = rule.code[0];
        const double* x = fr.pointer(cmp.a);
        const double th = *fr.pointer(cmp.b);
        switch (cmp.op) {
            case opcode::ge: any = flag_spikes(flag, until, step, n, [&](std::uint32_t i) { return x[i] >= th; }); break;
            case opcode::gt: any = flag_spikes(flag, until, step, n, [&](std::uint32_t i) { return x[i] > th; }); break;
            case opcode::le: any = flag_spikes(flag, until, step, n, [&](std::uint32_t i) { return x[i] <= th; }); break;
            default: any = flag_spikes(flag, until, step, n, [&](std::uint32_t i) { return x[i] < th; }); break;
        }
    } else {
        run_chunk(rule.code, fr);
        const double* cond = fr.pointer(rule.condition);
        if (fr.is_scalar(rule.condition)) {
            const bool c0 = *cond != 0.0;
            any = flag_spikes(flag, until, step, n, [&](std::uint32_t) { return c0; });
        } else {
            any = flag_spikes(flag, until, step, n, [&](std::uint32_t i) { return cond[i] != 0.0; });
        }
    }
    if (!any) return;
    const bool per_unit_ref = refractory_steps_.size() > 1;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (flag[i] == 0.0) continue;
        spikes.push_back(begin + i);
        for (const auto& r : rule.reset)
            pointers_[r.array][begin + i] = fr.pointer(r.value)[fr.is_scalar(r.value) ? 0 : i];
        for (const auto& a : rule.add)
            pointers_[a.array][begin + i] += fr.pointer(a.value)[fr.is_scalar(a.value) ? 0 : i];
        until[i] = step + refractory_steps_[per_unit_ref ? begin + i : 0];
    }
}

void PopulationRuntime::use_kernel(euler_kernel_fn kernel) {
    kernel_ = kernel;
    if (!program_.spike) return;
    fired_.assign(program_.size, 0);
    chunk_fired_.assign(n_chunks_, 0);
}

// One kernel call over the whole population on one thread (a call per chunk would reload every
// pointer and scalar 16 times a step for COBA's E); chunks in parallel otherwise, each writing
// the ids of its spikes into its own part of fired_. Either way each unit sees the same
// operations, so the result does not depend on the split.
bool PopulationRuntime::update_native(std::uint64_t step) {
    double* const* arrays = pointers_.data();
    const double* scalars = program_.values.scalars.data();
    double* until = until_.count() ? until_[0] : nullptr;
    const double* ref = refractory_steps_.empty() ? nullptr : refractory_steps_.data();
    index_t* fired = fired_.empty() ? nullptr : fired_.data();
    const auto k = static_cast<double>(step);
    spikes_.clear();
    if (!parallel_) {
        std::uint64_t n = 0;
        const bool finite = kernel_(arrays, scalars, until, ref, fired, &n, dt_, k, 0, program_.size) == 0;
        if (fired) spikes_.assign(fired, fired + n);
        return finite;
    }
    const auto nc = static_cast<std::int64_t>(n_chunks_);
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (std::int64_t c = 0; c < nc; ++c) {
        const std::uint64_t begin = static_cast<std::uint64_t>(c) * chunk_size;
        const std::uint64_t end = std::min<std::uint64_t>(begin + chunk_size, program_.size);
        std::uint64_t n = 0;
        chunk_bad_[c] = kernel_(arrays, scalars, until, ref, fired ? fired + begin : nullptr, &n, dt_, k, begin, end) != 0;
        if (fired) chunk_fired_[c] = n;
    }
    if (fired)
        for (std::uint32_t c = 0; c < n_chunks_; ++c)
            spikes_.insert(spikes_.end(), fired + c * chunk_size, fired + c * chunk_size + chunk_fired_[c]);
    return std::none_of(chunk_bad_.begin(), chunk_bad_.end(), [](char b) { return b != 0; });
}

// Runs chunk(c, temps) over every chunk (in parallel when the population is large enough);
// true if every call returned true.
template <class Chunk>
bool PopulationRuntime::for_chunks(Chunk chunk) {
    const auto nc = static_cast<std::int64_t>(n_chunks_);
    if (!parallel_) {
        for (std::uint32_t c = 0; c < n_chunks_; ++c) chunk_bad_[c] = !chunk(c, temps_[0].data());
    } else {
#pragma omp parallel for num_threads(threads_) schedule(static)
        for (std::int64_t c = 0; c < nc; ++c)
            chunk_bad_[c] = !chunk(static_cast<std::uint32_t>(c), temps_[omp_get_thread_num()].data());
    }
    return std::none_of(chunk_bad_.begin(), chunk_bad_.end(), [](char b) { return b != 0; });
}

bool PopulationRuntime::update(std::uint64_t step) {
    if (kernel_) return update_native(step);
    const double* shared = program_.values.scalars.data();
    const auto k = static_cast<double>(step);
    const bool finite = for_chunks(
        [this, shared, k](std::uint32_t c, double* temps) { return integrate_chunk(c, temps, shared, k); });
    spikes_.clear();
    if (program_.spike)
        for (const auto& s : chunk_spikes_) spikes_.insert(spikes_.end(), s.begin(), s.end());
    return finite;
}

NEUROWIRE_VECTOR_CLONES
void PopulationRuntime::predict_chunk(std::uint32_t c, double* temps) {
    const std::uint32_t begin = c * chunk_size;
    const std::uint32_t n = std::min(chunk_size, program_.size - begin);
    const Frame fr{pointers_.data(), program_.values.scalars.data(), temps, begin, n};
    run_chunk(program_.code, fr);
    // All derivatives are evaluated before any state moves (a derivative that is a state is a
    // temporary copy, as for Euler), so writing the predictor in place is safe.
    const double dt = dt_;
    for (std::size_t s = 0; s < program_.states.size(); ++s) {
        const StateVar& sv = program_.states[s];
        double* __restrict x = pointers_[sv.value] + begin;
        double* __restrict x0 = heun_x0_[s].data() + begin;
        double* __restrict k1 = heun_k1_[s].data() + begin;
        const double* d = fr.pointer(sv.derivative);
        const bool d_scalar = fr.is_scalar(sv.derivative);
        for (std::uint32_t i = 0; i < n; ++i) {
            const double k = d[d_scalar ? 0 : i];
            x0[i] = x[i];
            k1[i] = k;
            x[i] = x[i] + dt * k;
        }
    }
}

NEUROWIRE_VECTOR_CLONES
bool PopulationRuntime::correct_chunk(std::uint32_t c, double* temps) {
    const std::uint32_t begin = c * chunk_size;
    const std::uint32_t n = std::min(chunk_size, program_.size - begin);
    const Frame fr{pointers_.data(), program_.values.scalars.data(), temps, begin, n};
    run_chunk(program_.code, fr);
    const double half = 0.5 * dt_;
    std::uint64_t bad = 0;
    for (std::size_t s = 0; s < program_.states.size(); ++s) {
        const StateVar& sv = program_.states[s];
        double* __restrict x = pointers_[sv.value] + begin;
        const double* __restrict x0 = heun_x0_[s].data() + begin;
        const double* __restrict k1 = heun_k1_[s].data() + begin;
        const double* d = fr.pointer(sv.derivative);
        const bool d_scalar = fr.is_scalar(sv.derivative);
        for (std::uint32_t i = 0; i < n; ++i) {
            const double y = x0[i] + half * (k1[i] + d[d_scalar ? 0 : i]);
            x[i] = y;
            bad |= static_cast<std::uint64_t>(y - y != 0.0);
        }
    }
    return bad == 0;
}

void PopulationRuntime::heun_predict() {
    if (heun_x0_.size() != program_.states.size()) {
        heun_x0_.assign(program_.states.size(), std::vector<double>(program_.size, 0.0));
        heun_k1_.assign(program_.states.size(), std::vector<double>(program_.size, 0.0));
    }
    for_chunks([this](std::uint32_t c, double* temps) {
        predict_chunk(c, temps);
        return true;
    });
}

bool PopulationRuntime::heun_correct() {
    return for_chunks([this](std::uint32_t c, double* temps) { return correct_chunk(c, temps); });
}

NEUROWIRE_VECTOR_CLONES
bool PopulationRuntime::rk4_chunk(std::uint32_t c, double* temps, int stage) {
    const std::uint32_t begin = c * chunk_size;
    const std::uint32_t n = std::min(chunk_size, program_.size - begin);
    const Frame fr{pointers_.data(), program_.values.scalars.data(), temps, begin, n};
    run_chunk(program_.code, fr);
    // As for Heun, every slope of the chunk is evaluated before any state moves.
    const double dt = dt_, half = 0.5 * dt_, sixth = dt_ / 6.0;
    std::uint64_t bad = 0;
    for (std::size_t s = 0; s < program_.states.size(); ++s) {
        const StateVar& sv = program_.states[s];
        double* __restrict x = pointers_[sv.value] + begin;
        double* __restrict x0 = rk4_x0_[s].data() + begin;
        double* __restrict sum = rk4_sum_[s].data() + begin;
        const double* d = fr.pointer(sv.derivative);
        const bool d_scalar = fr.is_scalar(sv.derivative);
        switch (stage) {
            case 0:
                for (std::uint32_t i = 0; i < n; ++i) {
                    const double k = d[d_scalar ? 0 : i];
                    x0[i] = x[i];
                    sum[i] = k;
                    x[i] = x0[i] + half * k;
                }
                break;
            case 1:
            case 2:
                for (std::uint32_t i = 0; i < n; ++i) {
                    const double k = d[d_scalar ? 0 : i];
                    sum[i] = sum[i] + 2.0 * k;
                    x[i] = x0[i] + (stage == 1 ? half : dt) * k;
                }
                break;
            default:
                for (std::uint32_t i = 0; i < n; ++i) {
                    const double y = x0[i] + sixth * (sum[i] + d[d_scalar ? 0 : i]);
                    x[i] = y;
                    bad |= static_cast<std::uint64_t>(y - y != 0.0);
                }
        }
    }
    return bad == 0;
}

bool PopulationRuntime::rk4_stage(int stage) {
    if (rk4_x0_.size() != program_.states.size()) {
        rk4_x0_.assign(program_.states.size(), std::vector<double>(program_.size, 0.0));
        rk4_sum_.assign(program_.states.size(), std::vector<double>(program_.size, 0.0));
    }
    return for_chunks([this, stage](std::uint32_t c, double* temps) { return rk4_chunk(c, temps, stage); });
}

void PopulationRuntime::apply_function() {
    const std::uint32_t n = program_.size;
    const double* in = pointers_[program_.inputs[0]];
    double* out = pointers_[program_.output];
    switch (program_.function) {
        case node_function::none: break;
        case node_function::identity: std::copy(in, in + n, out); break;
        case node_function::sigmoid:
            for (std::uint32_t i = 0; i < n; ++i) out[i] = 1.0 / (1.0 + std::exp(-in[i]));
            break;
        case node_function::tanh:
            for (std::uint32_t i = 0; i < n; ++i) out[i] = std::tanh(in[i]);
            break;
        case node_function::relu:
            for (std::uint32_t i = 0; i < n; ++i) out[i] = std::max(0.0, in[i]);
            break;
        case node_function::softmax: {
            // Shifted by the maximum so exp never overflows; the result is unchanged.
            const double top = n ? *std::max_element(in, in + n) : 0.0;
            double sum = 0.0;
            for (std::uint32_t i = 0; i < n; ++i) sum += (out[i] = std::exp(in[i] - top));
            for (std::uint32_t i = 0; i < n; ++i) out[i] /= sum;
            break;
        }
    }
}

bool PopulationRuntime::find_nonfinite(std::uint32_t& state, std::uint32_t& unit) const {
    for (std::uint32_t s = 0; s < program_.states.size(); ++s) {
        const double* x = pointers_[program_.states[s].value];
        for (std::uint32_t i = 0; i < program_.size; ++i)
            if (!std::isfinite(x[i])) {
                state = s;
                unit = i;
                return true;
            }
    }
    return false;
}

}  // namespace neurowire::sim
