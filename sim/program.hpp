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

namespace neurowire::sim {

// Units per interpreter chunk: small enough that a chunk's temporaries stay in L1.
inline constexpr std::uint32_t chunk_size = 256;
inline constexpr std::uint32_t no_slot = std::numeric_limits<std::uint32_t>::max();

enum class opcode : std::uint8_t {
    copy,                                   // dst = a
    add, sub, mul, div, pow, min, max,      // dst = a op b
    lt, le, gt, ge, eq, ne,                 // dst = (a op b) ? 1 : 0
    neg, exp, log, sqrt, abs, tanh,         // dst = f(a)
    sigmoid,                                // 1 / (1 + e^-a)
    sin, cos,
    heaviside,                              // a >= 0 ? 1 : 0   (H(0) = 1, as torch/RectiPy)
    clip,                                   // min(max(a, b), c)
    select,                                 // a != 0 ? b : c
    // Pairs of binary operations fused into one pass over the chunk: dst = (a x b) y c, rounded
    // after each operation exactly as the two separate instructions would be. The equation
    // compiler emits them where a temporary is read once, by the next instruction.
    add_add, add_sub, add_mul, add_div,
    sub_add, sub_sub, sub_mul, sub_div,
    mul_add, mul_sub, mul_mul, mul_div,
};

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

// Number of operands an opcode reads (1, 2 or 3).
constexpr int arity(opcode op) {
    switch (op) {
        case opcode::copy: case opcode::neg: case opcode::exp: case opcode::log:
        case opcode::sqrt: case opcode::abs: case opcode::tanh: case opcode::sigmoid:
        case opcode::sin: case opcode::cos: case opcode::heaviside:
            return 1;
        case opcode::clip: case opcode::select:
            return 3;
        case opcode::add_add: case opcode::add_sub: case opcode::add_mul: case opcode::add_div:
        case opcode::sub_add: case opcode::sub_sub: case opcode::sub_mul: case opcode::sub_div:
        case opcode::mul_add: case opcode::mul_sub: case opcode::mul_mul: case opcode::mul_div:
            return 3;
        default:
            return 2;
    }
}

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
};

enum class solver : std::uint8_t { euler, heun };

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
