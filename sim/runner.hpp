#pragma once
// The step loop. Step k (0-based) advances the state from time k·dt to (k+1)·dt:
//
//  1. Deliver inputs.
//     a. zero every input slot; set t = k·dt (a slot fed by constant inputs alone holds the same
//        sums every step: it is filled once, before step 0, and neither zeroed nor refilled);
//     b. evaluate source assignments (those projections read) at the start-of-step state;
//     c. external inputs (row k of an array input; sine/step at t; Poisson events in [t, t+dt));
//     d. continuous projections input += W · source(k − d): dense through BLAS, sparse through
//        CSC; a delay of d steps reads a history ring with zero history before the run (as
//        PyRates, except that d = 1 is a real one-step delay here, where PyRates ignores
//        delays of one step); a gamma delay reads the last stage of its filter chain;
//     e. events due this step: target state += the weights queued for step k;
//     f. function nodes in program order: output = f(input), then their projections.
//  2. Integrate every population one Euler step, x ← x + dt·f(x), every right-hand side from
//     the state at the start of the step (states held while refractory are not integrated).
//  3. Spike check on the new state: a refractory unit counts down and cannot spike; otherwise
//     if the condition holds the unit spikes, reset assignments apply, then `add` increments,
//     and the unit becomes refractory for round(refractory/dt) steps (held states frozen).
//  4. Push the spikes of step k (ascending ids) into the event rings, due at step k + delay
//     (delays are whole steps, at least one).
//  5. Record variables sampled at the end of this step and the spikes, stamped (k+1)·dt.
//
// Solver heun (explicit trapezoid, second order; networks without spiking populations — validate()
// refuses it for a population with a spike rule) replaces phase 2 by:
//  2a. predictor: k1 = f(x, inputs(x)) with the inputs of phase 1; x̃ = x + dt·k1 (x, k1 kept);
//  2b. redelivery at x̃, t = (k+1)·dt: source assignments re-evaluated on x̃; input slots reset
//      to the external inputs of step k (phase 1c, saved, not drawn again: Poisson counts and
//      array rows are those of step k in both evaluations; an external input into a state was
//      applied once in phase 1c and is part of x); continuous projections without delay
//      recomputed from the predicted source; delayed projections read exactly what phase 1d
//      read — the history ring, or a gamma chain's last stage before its advance — since the
//      history does not change within a step (the ring holds start-of-step sources only, and
//      gamma chains are still advanced by one Euler step in phase 1d); function nodes
//      re-evaluated and their projections redelivered the same way;
//  2c. corrector: k2 = f(x̃, inputs(x̃)); x ← x + dt/2·(k1 + k2).
// Linear traces (RunOptions::linear_traces) are not used with heun. An input slot recorded in
// phase 5 holds the inputs of the second evaluation (2b). Second order holds for couplings
// without delay; a delayed or gamma-delayed coupling enters with its value at the start of the
// step in both evaluations.
// A NaN or ±Inf in a state after phase 3 stops the run with nonfinite_error before phase 5:
// the recording keeps every step before the failing one.
//
// Threads (sim/thread_plan.hpp): a network whose units are independent within a step runs in the
// block loop — each thread owns a contiguous block of every population and runs phases 1–5 for
// it (events delivered into its block, its inputs, update, spike check, its recorded units),
// the threads meeting once per step, after phase 3; event delivery reads the spikes of earlier
// steps, complete by then. Everything else runs the phases one after the other, a population's
// update split over threads when it is large, dense products split by rows when they are
// (sim/dense_product.hpp). Each unit sees the same operations in the same order either way, so
// results are the same bits for any thread count.
//
// Phases 2 and 3 of an Euler population run either in the interpreter or in a native kernel, the
// population's program compiled to C++ when the Simulator is built (sim/kernels.hpp); both give
// the same bits. Constructing the Simulator is the set-up a timed run should leave out, as
// Brian2's main-loop time leaves out its code generation and compilation.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "sim/kernels.hpp"
#include "sim/program.hpp"
#include "sim/recording.hpp"

namespace neurowire::sim {

struct nonfinite_error : simulation_error {
    std::string population, variable;
    index_t unit;
    std::uint64_t step;      // 0-based step in which the value appeared
    double value;
    nonfinite_error(std::string population_, std::string variable_, index_t unit_, std::uint64_t step_,
                    double value_, double dt);
};

struct RunOptions {
    int threads = 0;   // 0: all cores (OpenMP's default)
    // Called now and then from the step loop with (steps done, steps planned); never per step
    // unless progress_every says so. It may throw to stop the run (the recording keeps the steps
    // done; run() rethrows).
    std::function<void(std::uint64_t, std::uint64_t)> progress;
    // Steps between progress calls; 0: every 1% of the run. A caller that stops runs through
    // `progress` polls more often (the Python package: every step, a relaxed atomic load).
    std::uint64_t progress_every = 0;
    // Dense projections from a linear trace carry W · s along instead of a mat-vec per step
    // (sim/linear_trace.hpp); false forces the mat-vec, the reference the tests compare with.
    bool linear_traces = true;
    // Native kernels (sim/kernels.hpp): compiled per population when the Simulator is built, a
    // cost of set-up, not of run(); identical results either way. automatic falls back to the
    // interpreter where a kernel cannot be had (kernel_report() says why) and follows
    // $NEUROWIRE_KERNELS if set; native throws kernel_error instead; interpreted never compiles.
    kernel_mode kernels = kernel_mode::automatic;
    // Use exactly `threads` threads, even where fewer pay or beyond the processors there are
    // (tests of thread independence); the result is the same bits either way.
    bool exact_threads = false;
};

// What the Simulator decided about threads, for a run's summary.
struct RunStats {
    int threads_requested = 1;    // RunOptions::threads, 0 resolved to all cores
    int threads_used = 1;         // threads stepping the network
    std::string threads_reason;   // why that many, one line
    // Threads of the largest dense mat-vec (sim/dense_product.hpp; 0: no dense projection).
    int dense_threads = 0;
    // OpenBLAS's thread count during the run (threads_used; 0 without OpenBLAS). The step loop
    // calls no BLAS itself; this keeps anything else that does within --threads.
    int blas_threads = 0;
};

class Simulator {
public:
    // Validates the program (config_error on a mismatch) and takes it over: its value tables
    // become the live state of the run.
    explicit Simulator(Program program, RunOptions options = {});
    ~Simulator();
    Simulator(Simulator&&) noexcept;
    Simulator& operator=(Simulator&&) noexcept;

    // Runs until program.steps steps are done. Throws nonfinite_error; the recording stays.
    void run();
    // Runs n more steps (at most up to program.steps).
    void advance(std::uint64_t n);

    std::uint64_t steps_done() const;
    const Recording& recording() const;
    Recording take_recording();
    // The live program: current values of every population's arrays.
    const Program& program() const;
    // Which populations run native kernels, what compiling them cost, and why any did not.
    const KernelReport& kernel_report() const;
    // Threads used and why.
    const RunStats& run_stats() const;

private:
    struct Impl;   // sim/simulator_impl.hpp
    std::unique_ptr<Impl> impl_;
};

// Runs a whole program and returns its recording (throws on NaN; use Simulator to keep the
// partial recording of a failed run).
Recording run(Program program, const RunOptions& options = {});

}  // namespace neurowire::sim
