#pragma once
// Model equations (text) → a population's instruction list (sim::PopulationProgram).
//
// Equations are `x = expr` (assignments) and `d/dt x = expr` (ODEs), with + − * / ^, unary
// minus (binding looser than ^: -x^2 = -(x^2)), comparisons < <= > >= == != (1 or 0),
// parentheses, numbers such as 1e-3, the time `t`, and the functions exp log sqrt abs tanh
// sigmoid sin cos heaviside (one argument), pow min max (two), clip (three).
// Assignments are ordered by dependency (a cycle is an error); every symbol must be a state,
// parameter, input, assignment or `t`. Expressions over constants are folded; expressions over
// scalar parameters only are hoisted into scalar code, run once.
// Errors are neurowire::config_error carrying the file, the key path of the offending text
// (e.g. templates.lif.equations[1]) and the column within that text.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/program.hpp"

namespace neurowire::build {

// A piece of user text and where it came from, for error messages.
struct SourceText {
    std::string text;
    std::string key_path;     // e.g. "templates.lif.equations[1]"
    std::size_t line = 0;     // 1-based line of the text in `file`; 0 unknown
};

// A named value: one entry (shared by all units) or one per unit.
struct NamedValues {
    std::string name;
    std::vector<double> values;
};

struct SpikeEquations {
    SourceText when;                                    // e.g. "v >= v_th"
    std::vector<std::pair<std::string, SourceText>> reset;   // v ← expr
    std::vector<std::pair<std::string, SourceText>> add;     // s ← s + expr
    std::optional<SourceText> refractory;               // expression in time units (number, param)
    std::vector<std::string> held;                      // empty: the reset keys
};

struct ModelEquations {
    std::string population;                 // name of the population (program name)
    std::uint32_t size = 1;
    std::string file;                       // for messages; may be empty
    std::string key_path;                   // of the model as a whole, for whole-model errors
    std::vector<SourceText> equations;
    std::vector<NamedValues> states;        // initial values (1 or size entries)
    std::vector<NamedValues> params;        // 1 entry: scalar parameter; size entries: per unit
    std::vector<std::string> inputs;
    std::optional<SpikeEquations> spike;
    std::string output;                     // default source variable; empty: none
    // Variables projections read from this population: assignments among them are computed
    // before delivery each step (they may not depend on inputs). States need no mention.
    std::vector<std::string> sources;
    // Variables read by name from the compiled program (recordings, inputs, a caller looking at
    // values): an assignment among them keeps a per-unit array, written every step. Any other
    // assignment that only the population's own equations read is a chunk temporary and has no
    // array (find_array does not find it). Sources, the output and what the spike rule reads
    // keep their arrays without being listed.
    std::vector<std::string> observed;
    // exponential_euler: each derivative f becomes f·exprel(B·dt), B = ∂f/∂x, so that the Euler
    // update x + dt·f·exprel(B·dt) = x + f·(e^{B·dt} − 1)/B is exact for f linear in x. An ODE
    // not linear in its state is an error. Other solvers keep f.
    sim::solver method = sim::solver::euler;
    double dt = 0.0;
};

sim::PopulationProgram compile_equations(const ModelEquations& model);

}  // namespace neurowire::build
