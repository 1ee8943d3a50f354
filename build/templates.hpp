#pragma once
// Model templates: a neuron or population model as data (equations, state, parameters, inputs,
// output, optional spike rule), as a plain struct. Template files are read by spec/template_file.hpp; the library lives in
// templates/ (found by build/template_paths.hpp).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neurowire::build {

struct NamedValue {
    std::string name;
    double value = 0.0;
};

// What happens when a unit spikes. Expressions are equation-language strings.
struct SpikeRule {
    std::string when;                                          // e.g. "v >= v_th"
    std::vector<std::pair<std::string, std::string>> reset;    // state ← expression
    std::vector<std::pair<std::string, std::string>> add;      // state += expression
    std::string refractory;          // empty: none; a number or a parameter name
    std::vector<std::string> hold;   // state held while refractory (default: the reset keys)
};

struct ModelTemplate {
    std::string name;          // as referenced, e.g. "spiking_neurons.lif.lif"
    std::string file;          // where it was defined (the last of a base chain), for messages
    std::size_t line = 0;      // 1-based line of its definition
    std::string description;
    std::vector<std::string> equations;   // "x = expr" and "d/dt x = expr"
    std::vector<std::size_t> equation_lines;   // 1-based line of each equation (0 unknown)
    std::size_t spike_line = 0;
    std::vector<NamedValue> state;        // state variables and their initial values
    std::vector<NamedValue> params;       // parameters and their defaults
    std::vector<std::string> inputs;      // summed afresh every step
    std::string output;                   // default source variable
    std::optional<SpikeRule> spike;
    // The unit its times are in ("ms", "s" or "none": dimensionless, e.g. units of τ); empty when
    // the template does not say. A network without a time_unit of its own takes its templates'.
    std::string time_unit;

    bool spiking() const { return spike.has_value(); }
    bool has_state(std::string_view n) const;
    bool has_param(std::string_view n) const;
    bool has_input(std::string_view n) const;
    // Variables defined by `x = expr` equations (left-hand sides).
    std::vector<std::string> assigned() const;
    bool has_assigned(std::string_view n) const;
    // The default of a parameter or initial value of a state; logic_error when absent.
    double param(std::string_view n) const;
    double initial(std::string_view n) const;
};

// Text helpers of the template language, shared with the template file reader.
std::string_view trim(std::string_view s);
bool is_identifier(std::string_view s);   // letters, digits, '_', not starting with a digit
// True when `names` holds `n` (template names and variable lists).
bool contains_name(const std::vector<NamedValue>& names, std::string_view n);
bool contains_name(const std::vector<std::string>& names, std::string_view n);

// The left-hand side of an equation: "x" for "x = …" and "d/dt x = …"; `is_ode` says which.
// Empty when the line is not of either form.
std::string equation_target(std::string_view equation, bool* is_ode = nullptr);

}  // namespace neurowire::build
