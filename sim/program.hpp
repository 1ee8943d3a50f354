#pragma once
// The compiled program: what build/ turns a network into and sim/ executes.
//
// Flat arrays only. Names are kept beside the arrays for error messages and recording, but the
// step loop addresses everything by index: no strings, maps or virtual calls per step.
//
// A population's equations become an instruction list over its value table. The table has
//  - per-unit arrays (state, per-unit parameters, inputs, and the results of named assignments
//    that something besides the population's own code reads), each of `size` doubles;
//  - scalars (shared parameters, folded constants, hoisted parameter expressions, time t);
//  - temporaries: chunk-local registers (chunk_size doubles each) for sub-expressions and
//    derivatives, which never leave L1.
// The interpreter runs the whole list over one chunk of units before moving to the next, each
// instruction a tight loop with scalar operands broadcast.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <armadillo>

#include "core/types.hpp"
#include "sim/opcode_table.hpp"

namespace neurowire::sim {

// Units per interpreter chunk: small enough that a chunk's temporaries stay in L1.
inline constexpr std::uint32_t chunk_size = 256;
inline constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

enum class operand_kind : std::uint8_t {
    array,    // per-unit array of the value table, indexed by unit
    temp,     // chunk-local register, indexed by position within the chunk
    scalar,   // one value broadcast to every unit
};

struct Operand {
    operand_kind kind = operand_kind::scalar;
    std::uint32_t index = no_slot;

    static constexpr Operand array(std::uint32_t i) { return {operand_kind::array, i}; }
    static constexpr Operand temp(std::uint32_t i) { return {operand_kind::temp, i}; }
    static constexpr Operand scalar(std::uint32_t i) { return {operand_kind::scalar, i}; }
    constexpr bool valid() const { return index != no_slot; }
    friend constexpr bool operator==(const Operand&, const Operand&) = default;
};

struct Instruction {
    opcode op = opcode::copy;
    Operand dst;            // array or temp in unit code; scalar in scalar code
    Operand a, b, c;        // b, c unused below the opcode's arity
};

struct ValueTable {
    std::vector<std::string> array_names;
    std::vector<std::vector<double>> arrays;    // each holds `size` values
    std::vector<std::string> scalar_names;      // constants are named by their value, e.g. "#0.5"
    std::vector<double> scalars;
    std::uint32_t n_temps = 0;
    std::uint32_t time = no_slot;               // scalar slot the runner sets to t, if used

    std::optional<std::uint32_t> find_array(const std::string& name) const;
    std::optional<std::uint32_t> find_scalar(const std::string& name) const;
};

struct StateVar {
    std::uint32_t value = no_slot;   // array slot of the state
    Operand derivative;              // where `code` leaves dx/dt (temp, array or scalar)
};

// `slot += value` or `slot = value` applied to the units that spiked.
struct SpikeUpdate {
    std::uint32_t array = no_slot;
    Operand value;
};

struct SpikeRule {
    std::vector<Instruction> code;          // run on the post-integration state, per chunk
    Operand condition;                      // non-zero: the unit spikes
    std::vector<SpikeUpdate> reset;         // slot = value
    std::vector<SpikeUpdate> add;           // slot += value (after reset)
    Operand refractory;                     // time units, scalar or per-unit; invalid: none
    std::vector<std::uint32_t> held;        // indices into `states` not integrated while refractory
};

// A function node maps its input to its output instantly (RectiPy's add_func_node).
enum class node_function : std::uint8_t { none, identity, sigmoid, tanh, relu, softmax };

struct PopulationProgram {
    std::string name;
    std::uint32_t size = 0;
    ValueTable values;
    std::vector<Instruction> scalar_code;   // scalar-only expressions, run once before step 0
    // Assignments that projections read (and their dependencies), run in phase 1 before
    // delivery so a projection sees them evaluated at the state at the start of the step.
    std::vector<Instruction> source_code;
    std::vector<Instruction> code;          // remaining assignments (dependency order), then derivatives
    std::vector<StateVar> states;
    std::vector<std::uint32_t> inputs;      // array slots zeroed each step and summed into
    std::optional<SpikeRule> spike;
    node_function function = node_function::none;  // != none: inputs[0] → output, no ODEs
    std::uint32_t output = no_slot;         // array slot of the default source variable
};

// A function node population: one input array "in" and one output array "out".
PopulationProgram make_function_node(std::string name, std::uint32_t size, node_function f);

// input_i += Σ_j W_ij · source_j(t − d) every step, W of shape n_target × n_source.
struct ContinuousProjection {
    std::string name;
    std::uint32_t source_pop = 0, source_array = no_slot;
    std::uint32_t target_pop = 0, target_array = no_slot;   // an input slot of the target
    bool sparse = false;
    arma::mat dense;                         // when !sparse
    std::vector<std::uint32_t> col_ptr;      // CSC when sparse: n_source + 1 entries
    std::vector<std::uint32_t> row_idx;
    std::vector<double> values;
    // Delay in whole steps: the target sees the source as it was delay_steps steps earlier
    // (zero before the run started). Per-connection delays (sparse only) override it.
    std::uint32_t delay_steps = 0;
    std::vector<std::uint32_t> connection_delay_steps;   // empty, or aligned with `values`
    // Gamma-distributed delay: a chain of gamma_order first-order filters at rate gamma_rate
    // on the source side (0: none). Combines with no other delay.
    std::uint32_t gamma_order = 0;
    double gamma_rate = 0.0;
};

// Spikes of a spiking source: target_state += w after the connection's delay.
struct EventProjection {
    std::string name;
    std::uint32_t source_pop = 0;
    std::uint32_t target_pop = 0, target_array = no_slot;   // usually a state
    std::vector<std::uint64_t> col_ptr;      // CSC by source: n_source + 1 entries
    std::vector<index_t> targets;
    std::vector<double> weights;
    std::vector<std::uint32_t> delay_steps;  // per connection, each >= 1; or one value for all
};

enum class input_kind : std::uint8_t { constant, array, sine, step, poisson };

// External input. An input slot target is summed into afresh each step; a state target is
// incremented (as an event would be).
struct Input {
    std::string name;
    std::uint32_t pop = 0, array = no_slot;
    std::vector<index_t> units;     // empty: all units of the population
    input_kind kind = input_kind::constant;
    double value = 0.0;             // constant
    arma::mat data;                 // array: steps × units (row i used in step i)
    double amplitude = 0.0, frequency = 0.0, phase = 0.0, offset = 0.0;  // sine: a·sin(2πft+φ)+o
    std::vector<double> step_times, step_values;   // step: value[k] from time[k] on, 0 before
    double rate = 0.0, weight = 0.0;               // poisson: events per time unit, each adds weight
    // validate() bounds a Poisson rate: rate × dt and rate × duration (events per unit).
    static constexpr double max_poisson_events_per_step = 1000.0;
    static constexpr double max_poisson_events_per_run = 1099511627776.0;   // 2^40
};

struct RecordVariable {
    std::string name;               // "pop.var", as it appears in recordings
    std::uint32_t pop = 0, array = no_slot;
    std::vector<index_t> units;     // empty: all units
    std::uint32_t every = 1;        // record after steps every, 2·every, …
    bool mean = false;              // record the mean over the units instead of each unit
};

struct RecordSpec {
    std::vector<RecordVariable> variables;
    std::vector<std::uint32_t> spikes;     // populations whose spikes are recorded
    // Empty, or aligned with `spikes`: the units whose spikes are kept (empty: all).
    std::vector<std::vector<index_t>> spike_units;
};

// euler: x += dt·f. exponential_euler: x += dt·f·exprel(B·dt), B = ∂f/∂x, exact for f linear in
// x (the equation compiler refuses other equations). heun and rk4: explicit Runge–Kutta of order
// 2 and 4 over the whole network, for networks without spiking populations.
enum class solver : std::uint8_t { euler, heun, exponential_euler, rk4 };
// The spec's name of a solver ("euler", "heun", "exponential_euler", "rk4").
constexpr const char* solver_name(solver s) {
    return s == solver::heun ? "heun" : s == solver::exponential_euler ? "exponential_euler" : s == solver::rk4 ? "rk4" : "euler";
}

struct Program {
    double dt = 1e-3;
    std::uint64_t steps = 0;
    solver method = solver::euler;
    seed_t seed = 0;
    std::vector<PopulationProgram> populations;   // function nodes in topological order
    std::vector<ContinuousProjection> continuous;
    std::vector<EventProjection> events;
    std::vector<Input> inputs;
    RecordSpec record;
};

// Checks indices, shapes and sizes; throws neurowire::config_error naming what does not fit.
void validate(const Program& program);

}  // namespace neurowire::sim
