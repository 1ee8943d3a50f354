#pragma once
// One population at run time: its arrays (the program's value table, updated in place),
// the refractory state, and the spikes of the current step.
//
// update() fuses phases 2 and 3 of a step chunk by chunk: evaluate the code (assignments, then
// derivatives, all from the start-of-step state), take the Euler step of every state, run the
// spike check on the new state and apply reset and add to the units that spiked. Units never
// interact within a population (coupling is delivered beforehand), so doing the phases per
// chunk gives exactly what doing each over the whole population would. Each chunk is written
// by one thread and spikes are gathered per chunk and concatenated in chunk order, so results
// and spike order (ascending ids) do not depend on the thread count.
//
// With a native kernel (sim/native_kernel.hpp) update() calls it instead: the same phases, fused
// per unit in compiled code, with bit-identical results and the same spikes.
//
// Refractoriness has one representation for both: `until`, per unit the last step in which it is
// refractory (-1 before its first spike). A unit that fires in step k with R refractory steps
// gets until = k + R; in steps k+1 … k+R its held states keep their values and it cannot fire
// (step <= until); from step k+R+1 on it integrates and may fire again. The interpreter and the
// native kernels read and write the same array, so either can take over the other's state.
#include <cstdint>
#include <vector>

#include "sim/aligned_arrays.hpp"
#include "sim/interpreter.hpp"
#include "sim/native_kernel.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

// Opening a parallel region costs microseconds on an idle machine and can cost milliseconds when
// other jobs hold the cores (a thread that is descheduled stalls the whole region), while a chunk
// costs well under a microsecond. Below this many chunks a population runs on one thread; the
// result is the same either way, since chunks never interact.
inline constexpr std::uint32_t parallel_min_chunks = 64;

class PopulationRuntime {
public:
    PopulationRuntime(PopulationProgram& program, double dt, int threads);

    void run_source_code();
    // Units [begin, end) only, on the calling thread (temporaries and time of `thread`).
    void run_source_code(index_t begin, index_t end, int thread);
    // From now on update() runs `kernel`, the compiled form of this population's program (null:
    // the interpreter again); the state, refractoriness included, carries over.
    void use_kernel(euler_kernel_fn kernel);
    // Phases 2 and 3 of step `step`. Returns false if a state may have become NaN or ±Inf
    // (find_nonfinite says which; a native kernel can raise a false alarm).
    bool update(std::uint64_t step);
    // From now on up to `threads` threads may each update a block of units at once
    // (update_block), with their own temporaries and, if the code reads t, their own scalars.
    void prepare_blocks(int threads);
    // Phases 2 and 3 of `step` for units [begin, end) on the calling thread, `thread` < the count
    // given to prepare_blocks; begin is a multiple of chunk_size. Appends the units that spiked
    // to `spikes` (ascending) instead of setting spikes(). Returns false as update() does.
    bool update_block(std::uint64_t step, index_t begin, index_t end, int thread, std::vector<index_t>& spikes);
    // Heun (explicit trapezoid), for populations without a spike rule. heun_predict evaluates
    // f at the start-of-step state x (k1), keeps x and k1, and leaves the predictor
    // x + dt·k1 in the state arrays; heun_correct evaluates f there (k2, with the inputs
    // redelivered from the predicted sources) and sets x ← x + dt/2·(k1 + k2). Returns false if
    // a corrected state is NaN or ±Inf.
    void heun_predict();
    bool heun_correct();
    // Classical Runge–Kutta of order 4, for populations without a spike rule; the runner
    // redelivers the inputs between the stages. Stage s (0–3) evaluates f at the state arrays
    // (k1 … k4): stages 0–2 leave x0 + dt/2·k1, x0 + dt/2·k2, x0 + dt·k3 there, stage 3 sets
    // x ← x0 + dt/6·(k1 + 2k2 + 2k3 + k4) and returns false if a new state is NaN or ±Inf.
    bool rk4_stage(int stage);
    // Function nodes: output = f(input) over the whole population.
    void apply_function();
    void set_time(double t);
    // The time `thread` reads in its blocks (prepare_blocks); the program's own value as well.
    void set_time(double t, int thread);

    const std::vector<index_t>& spikes() const { return spikes_; }
    // The live values of an array (the runtime's aligned copy, sim/aligned_arrays.hpp).
    double* array(std::uint32_t slot) { return pointers_[slot]; }
    // Writes the live arrays back into the program's value table.
    void sync_to_program() { arrays_.store(program_.values.arrays); }
    // Spiking populations: per unit the last step it is refractory in (see above); else null.
    const double* refractory_until() const { return until_.count() ? until_[0] : nullptr; }
    // The first (state, unit) holding a non-finite value, in state then unit order.
    bool find_nonfinite(std::uint32_t& state, std::uint32_t& unit) const;

private:
    bool integrate_chunk(std::uint32_t c, double* temps, const double* scalars, double step);
    const double* scalars(int thread) const {
        return thread_scalars_.empty() ? program_.values.scalars.data() : thread_scalars_[thread].data();
    }
    bool update_native(std::uint64_t step);
    void predict_chunk(std::uint32_t c, double* temps);
    bool correct_chunk(std::uint32_t c, double* temps);
    bool rk4_chunk(std::uint32_t c, double* temps, int stage);
    template <class Chunk> bool for_chunks(Chunk chunk);
    void detect_spikes(const Frame& fr, double step, std::vector<index_t>& spikes);

    PopulationProgram& program_;
    double dt_;
    int threads_;
    bool parallel_ = false;
    bool threshold_ = false;   // the spike condition is one comparison, evaluated in the flag pass
    AlignedArrays arrays_;                       // the live arrays
    std::vector<double*> pointers_;              // array slot → data in arrays_
    std::uint32_t n_chunks_;
    std::vector<std::vector<double>> temps_;     // per thread
    // Per thread, a copy of the scalars when the code reads t (prepare_blocks): each thread sets
    // t in its own copy, so no thread writes what another reads.
    std::vector<std::vector<double>> thread_scalars_;
    std::vector<char> held_;                     // per state: held while refractory
    // Spiking populations: per unit the last refractory step (see above), as doubles so the
    // integration and spike loops work on one element type and vectorise (step numbers are
    // exact in a double below 2^53).
    AlignedArrays until_;
    std::vector<double> refractory_steps_;       // 1 (shared) or per unit
    std::vector<std::vector<index_t>> chunk_spikes_;
    std::vector<char> chunk_bad_;
    std::vector<index_t> spikes_;
    euler_kernel_fn kernel_ = nullptr;
    std::vector<index_t> fired_;                 // native: room for every unit's id
    std::vector<std::uint64_t> chunk_fired_;     // native, parallel: spikes per chunk
    // Heun: per state, the start-of-step values and the first slope (allocated on first use).
    std::vector<std::vector<double>> heun_x0_, heun_k1_;
    // rk4: per state, the start-of-step values and k1 + 2k2 + 2k3 so far.
    std::vector<std::vector<double>> rk4_x0_, rk4_sum_;
};

}  // namespace neurowire::sim
