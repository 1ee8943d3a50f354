// The step loop; the order of the phases is documented in runner.hpp.
#include "sim/runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <omp.h>

#include "core/threads.hpp"
#include "sim/blas_threads.hpp"
#include "sim/linear_trace.hpp"
#include "sim/memory_estimate.hpp"
#include "sim/simulator_impl.hpp"

namespace neurowire::sim {

nonfinite_error::nonfinite_error(std::string population_, std::string variable_, index_t unit_,
                                 std::uint64_t step_, double value_, double dt)
    : simulation_error("population '" + population_ + "', variable '" + variable_ + "', unit " +
                       std::to_string(unit_) + ": the value became " + std::to_string(value_) + " in step " +
                       std::to_string(step_) + " (t = " + std::to_string(static_cast<double>(step_ + 1) * dt) +
                       "); the simulation stopped"),
      population(std::move(population_)), variable(std::move(variable_)), unit(unit_), step(step_),
      value(value_) {}

Simulator::Impl::Impl(Program p, RunOptions o) : program(std::move(p)), options(std::move(o)) {
    validate(program);
    check_thread_count(options.threads, "threads");
    heun = program.method == solver::heun;
    rk4 = program.method == solver::rk4;
    const int requested = options.threads > 0 ? options.threads : omp_get_max_threads();
    std::vector<bool> blockwise;
    for (auto& e : program.events) {
        events.emplace_back(e, program.populations[e.source_pop].size, program.populations[e.target_pop].size,
                            requested);
        blockwise.push_back(events.back().blockwise());
    }
    plan = plan_threads(program, blockwise, requested, omp_get_num_procs(), options.exact_threads);
    // The block loop splits every population into one block per thread; the phased loop
    // delivers events for a whole population at once.
    const int n_blocks = plan.blocks ? plan.threads : 1;
    for (const auto& pop : program.populations) blocks.push_back(split_units(pop.size, n_blocks));
    for (std::size_t i = 0; i < events.size(); ++i)
        events[i].prepare_blocks(program.events[i], blocks[program.events[i].target_pop], requested);
    stats.threads_requested = requested;
    stats.threads_used = plan.threads;
    stats.threads_reason = plan.reason;
    stats.blas_threads = blas::available() ? plan.threads : 0;
    // In the block loop each thread updates whole blocks itself; a population's own threads are
    // for the phased loop.
    const int population_threads = plan.blocks ? 1 : plan.threads;
    pops.reserve(program.populations.size());
    for (auto& pop : program.populations) pops.emplace_back(pop, program.dt, population_threads);
    projections_from_function.resize(program.populations.size());
    for (std::uint32_t i = 0; i < program.continuous.size(); ++i) {
        const auto& c = program.continuous[i];
        continuous.emplace_back(c, program.populations[c.source_pop].size, program.populations[c.target_pop].size,
                                program.dt);
        continuous.back().set_threads(c, plan.threads);
        if (!c.sparse) stats.dense_threads = std::max(stats.dense_threads, continuous.back().product_threads());
        // Heun redelivers W · source from the predicted state; a linear trace carries W · s
        // along with Euler's step, so it is for the Euler solver only.
        if (heun || rk4) continuous.back().keep_delayed_source();
        else if (options.linear_traces)
            if (auto trace = find_linear_trace(program, c)) continuous.back().use_linear_trace(std::move(*trace));
        if (program.populations[c.source_pop].function != node_function::none)
            projections_from_function[c.source_pop].push_back(i);
        else
            projections_from_dynamic.push_back(i);
    }
    // Spikes of step k are queued at the start of step k + 1 and recorded when step k closes:
    // two steps of history.
    history.assign(program.populations.size(), SpikeHistory(2, static_cast<std::uint32_t>(n_blocks)));
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i) {
        const auto& in = program.inputs[i];
        const auto& pop = program.populations[in.pop];
        const bool slot = std::find(pop.inputs.begin(), pop.inputs.end(), in.array) != pop.inputs.end();
        inputs.emplace_back(in, i, pop.size, program.seed, program.dt, slot);
    }
    const auto fixed = fill_static_inputs();
    // After the runtimes ran the scalar code (the generator reads the final scalars) and the
    // static input slots are filled (a uniform one is read once per kernel call).
    kernels = prepare_kernels(program, options.kernels, uniform_slots(fixed));
    for (std::size_t k = 0; k < pops.size(); ++k)
        if (kernels.kernels[k]) pops[k].use_kernel(kernels.kernels[k]);
    recorder.start(program);
    recorder.sync(0);
    if (plan.blocks) prepare_blocks();
    sync_program();
}

// The runtimes work on aligned copies of the arrays; the program gets their values whenever
// the Simulator hands it out, that is after every advance().
void Simulator::Impl::sync_program() {
    for (auto& pop : pops) pop.sync_to_program();
}

// Fills the static input slots (inputs.hpp) and returns them, per population.
std::vector<std::vector<std::uint32_t>> Simulator::Impl::fill_static_inputs() {
    auto fixed = static_input_slots(program);
    auto is_static = [&](std::uint32_t pop, std::uint32_t slot) {
        return std::find(fixed[pop].begin(), fixed[pop].end(), slot) != fixed[pop].end();
    };
    dynamic_slots.resize(program.populations.size());
    for (std::uint32_t p = 0; p < program.populations.size(); ++p) {
        for (const auto slot : program.populations[p].inputs) {
            if (!is_static(p, slot)) {
                dynamic_slots[p].push_back(slot);
                continue;
            }
            double* a = pops[p].array(slot);
            std::fill(a, a + program.populations[p].size, 0.0);
        }
    }
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i) {
        const auto& in = program.inputs[i];
        if (is_static(in.pop, in.array)) inputs[i].apply(in, pops[in.pop].array(in.array), 0);
        else dynamic_inputs.push_back(i);
    }
    return fixed;
}

// The static slots whose units all hold the same bits: the same value for the whole run.
std::vector<std::vector<std::uint32_t>> Simulator::Impl::uniform_slots(
    const std::vector<std::vector<std::uint32_t>>& fixed) {
    std::vector<std::vector<std::uint32_t>> out(fixed.size());
    for (std::size_t p = 0; p < fixed.size(); ++p) {
        const std::uint32_t n = program.populations[p].size;
        for (const auto slot : fixed[p]) {
            const double* a = pops[p].array(slot);
            if (n > 0 && std::all_of(a, a + n, [&](const double& x) { return std::memcmp(&x, a, sizeof x) == 0; }))
                out[p].push_back(slot);
        }
    }
    return out;
}

void Simulator::Impl::deliver_continuous(std::uint32_t i) {
    const auto& c = program.continuous[i];
    continuous[i].deliver(c, pops[c.source_pop].array(c.source_array), pops[c.source_pop].spikes(),
                          pops[c.target_pop].array(c.target_array), step);
}

void Simulator::Impl::deliver_events() {
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = program.events[i];
        double* target = pops[e.target_pop].array(e.target_array);
        if (!events[i].blockwise()) {
            events[i].deliver_arrivals(target, step);
            continue;
        }
        if (step > 0) events[i].queue(e, history[e.source_pop], step - 1, 0);
        events[i].deliver(target, step, 0);
    }
}

void Simulator::Impl::deliver_inputs() {
    const double t = static_cast<double>(step) * program.dt;
    for (std::size_t p = 0; p < pops.size(); ++p) {
        for (const auto slot : dynamic_slots[p]) {
            double* a = pops[p].array(slot);
            std::fill(a, a + program.populations[p].size, 0.0);
        }
        pops[p].set_time(t);
        pops[p].run_source_code();
    }
    for (const auto i : dynamic_inputs) {
        const auto& in = program.inputs[i];
        inputs[i].apply(in, pops[in.pop].array(in.array), step);
    }
    if (heun || rk4) save_external();
    for (const auto i : projections_from_dynamic) deliver_continuous(i);
    deliver_events();
    for (std::size_t p = 0; p < pops.size(); ++p) {
        if (program.populations[p].function == node_function::none) continue;
        if (!pops[p].apply_function()) fail_function(p);
        for (const auto i : projections_from_function[p]) deliver_continuous(i);
    }
}

void Simulator::Impl::save_external() {
    std::size_t k = 0;
    for (std::size_t p = 0; p < pops.size(); ++p)
        for (const auto slot : program.populations[p].inputs) {
            if (k == external_.size()) external_.emplace_back();
            const double* a = pops[p].array(slot);
            external_[k++].assign(a, a + program.populations[p].size);
        }
}

void Simulator::Impl::redeliver_continuous(std::uint32_t i) {
    const auto& c = program.continuous[i];
    continuous[i].redeliver(c, pops[c.source_pop].array(c.source_array), pops[c.target_pop].array(c.target_array),
                            step);
}

// Heun's second evaluation (and rk4's later ones): the inputs at the predicted state, at time
// t (t + dt for Heun). The external inputs are those of step k (saved in phase 1c, not drawn
// again); continuous projections are recomputed from the predicted sources, except that
// delayed ones (discrete or gamma) read the same history as in phase 1, which does not change
// within a step; function nodes are re-evaluated. No events: neither admits spiking populations.
void Simulator::Impl::redeliver_inputs(double t) {
    std::size_t k = 0;
    for (std::size_t p = 0; p < pops.size(); ++p) {
        pops[p].set_time(t);
        pops[p].run_source_code();
        auto& pop = program.populations[p];
        for (const auto slot : pop.inputs) {
            const auto& saved = external_[k++];
            std::copy(saved.begin(), saved.end(), pops[p].array(slot));
        }
    }
    for (const auto i : projections_from_dynamic) redeliver_continuous(i);
    for (std::size_t p = 0; p < pops.size(); ++p) {
        if (program.populations[p].function == node_function::none) continue;
        if (!pops[p].apply_function()) fail_function(p);
        for (const auto i : projections_from_function[p]) redeliver_continuous(i);
    }
}

// A function node's input (or output) that is NaN or ±Inf stops the run as a state would.
void Simulator::Impl::fail_function(std::size_t p) {
    std::uint32_t slot = 0, unit = 0;
    pops[p].find_nonfinite_function(slot, unit);
    const auto& pop = program.populations[p];
    throw nonfinite_error(pop.name, pop.values.array_names[slot], unit, step, pops[p].array(slot)[unit], program.dt);
}

void Simulator::Impl::fail_nonfinite() {
    for (std::size_t p = 0; p < pops.size(); ++p) {
        std::uint32_t s = 0, unit = 0;
        if (!pops[p].find_nonfinite(s, unit)) continue;
        const auto& pop = program.populations[p];
        const std::uint32_t slot = pop.states[s].value;
        throw nonfinite_error(pop.name, pop.values.array_names[slot], unit, step, pops[p].array(slot)[unit],
                              program.dt);
    }
}

void Simulator::Impl::one_step() {
    deliver_inputs();
    bool finite = true;
    if (heun) {
        for (std::size_t p = 0; p < pops.size(); ++p)
            if (program.populations[p].function == node_function::none) pops[p].heun_predict();
        redeliver_inputs(static_cast<double>(step + 1) * program.dt);
        for (std::size_t p = 0; p < pops.size(); ++p)
            if (program.populations[p].function == node_function::none) finite = pops[p].heun_correct() && finite;
    } else if (rk4) {
        // Stages at t, t + dt/2, t + dt/2, t + dt; inputs redelivered between them.
        const double t0 = static_cast<double>(step) * program.dt;
        const double at[3] = {t0 + 0.5 * program.dt, t0 + 0.5 * program.dt, static_cast<double>(step + 1) * program.dt};
        for (int stage = 0; stage < 4; ++stage) {
            if (stage > 0) redeliver_inputs(at[stage - 1]);
            for (std::size_t p = 0; p < pops.size(); ++p)
                if (program.populations[p].function == node_function::none) finite = pops[p].rk4_stage(stage) && finite;
        }
    } else {
        for (std::size_t p = 0; p < pops.size(); ++p)
            if (program.populations[p].function == node_function::none) finite = pops[p].update(step) && finite;
    }
    if (!finite) fail_nonfinite();
    for (std::size_t p = 0; p < pops.size(); ++p)
        if (program.populations[p].spike) history[p].at(step, 0) = pops[p].spikes();
    for (std::size_t i = 0; i < events.size(); ++i)
        if (!events[i].blockwise()) events[i].push(program.events[i], pops[program.events[i].source_pop].spikes(), step);
    recorder.record(program, pops, step);
    ++step;
}

// The progress callback runs after about every hundredth step, and after the last.
bool Simulator::Impl::progress_due(std::uint64_t steps_done) const {
    const std::uint64_t every =
        options.progress_every > 0 ? options.progress_every : std::max<std::uint64_t>(1, program.steps / 100);
    return options.progress && (steps_done % every == 0 || steps_done == program.steps);
}

void Simulator::Impl::advance(std::uint64_t n) {
    const std::uint64_t end = std::min(program.steps, step + n);
    // Whatever reaches OpenBLAS during the run uses the run's threads; the caller's count is back
    // after.
    const blas::ThreadScope scope(plan.threads);
    try {
        if (plan.blocks) {
            advance_blocks(end);
        } else {
            while (step < end) {
                one_step();
                if (progress_due(step)) options.progress(step, program.steps);
            }
        }
    } catch (...) {
        recorder.sync(step);
        sync_program();
        throw;
    }
    recorder.sync(step);
    sync_program();
}

namespace {
// Refused up front when the run cannot fit (sim/memory_estimate.hpp).
Program checked_for_memory(Program program) {
    check_memory(program);
    return program;
}
}  // namespace

Simulator::Simulator(Program program, RunOptions options)
    : impl_(std::make_unique<Impl>(checked_for_memory(std::move(program)), std::move(options))) {}
Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

void Simulator::run() { impl_->advance(impl_->program.steps); }
void Simulator::advance(std::uint64_t n) { impl_->advance(n); }
std::uint64_t Simulator::steps_done() const { return impl_->step; }
const Recording& Simulator::recording() const { return impl_->recorder.recording(); }
Recording Simulator::take_recording() { return impl_->recorder.take(); }
const Program& Simulator::program() const { return impl_->program; }
const KernelReport& Simulator::kernel_report() const { return impl_->kernels.report; }
const RunStats& Simulator::run_stats() const { return impl_->stats; }

Recording run(Program program, const RunOptions& options) {
    Simulator sim(std::move(program), options);
    sim.run();
    return sim.take_recording();
}

}  // namespace neurowire::sim
