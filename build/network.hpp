#pragma once
// A network: populations plus projections, external inputs, recordings and run settings —
// and its compilation into the flat sim::Program the runner executes.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "build/connectivity.hpp"
#include "build/population.hpp"
#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/error.hpp"
#include "core/types.hpp"
#include "sim/program.hpp"

namespace neurowire::build {

// An external input addressed by name: `target` is "pop/var". The fields of sim::Input other
// than pop/array say what it is (constant, array, sine, step, poisson) and which units.
// Where a file input was given (spec file, 1-based line and column, the .npy named), so that a
// row count that does not fit the run's steps is reported there.
struct InputOrigin {
    std::string spec_file, data_file;
    std::size_t line = 0, column = 0;
};
struct ExternalInput {
    std::string target;
    sim::Input input;
    InputOrigin origin = {};
};

// A recorded variable addressed by name ("pop/var").
struct Recording {
    std::string variable;
    std::vector<index_t> units;   // empty: all
    std::uint32_t every = 1;
    bool mean = false;
};

// What a network's times (dt, duration, delays, τ's, Poisson rates per time unit) are measured in.
enum class time_unit { ms, s, none };
const char* time_unit_name(time_unit u);   // "ms", "s", "none"
std::optional<time_unit> time_unit_from_name(const std::string& name);
// Seconds per time unit; nothing for `none` (no physical time: no Hz, no real-time factor).
std::optional<double> seconds_per(time_unit u);

struct RunSettings {
    double dt = 1e-3;
    double duration = 0.0;      // steps = round(duration / dt)
    sim::solver method = sim::solver::euler;
    std::optional<time_unit> unit;   // declared by the network; else its templates' (Network::time_unit_used)

    // Steps never exceed this: step numbers become times k·dt in double precision, exact below 2^53.
    static constexpr double max_steps = 9007199254740992.0;   // 2^53
    // round(duration / dt); config_error naming duration and dt when dt is not > 0, duration is
    // negative or the steps exceed max_steps.
    std::uint64_t steps() const;
};

// The time unit a network runs in and who said so.
struct TimeUnitChoice {
    time_unit unit = time_unit::ms;
    std::string source;   // "declared by the network", "from template lif", "default: nothing declares one"
};

// A projection once added: endpoints resolved, weights in their final form.
struct ResolvedProjection {
    std::string name;
    projection_kind kind = projection_kind::continuous;
    std::size_t source_pop = 0, target_pop = 0;
    std::string source_var, target_var;     // source_var "spikes" for events
    bool dense = false;
    arma::mat weights;                      // dense: n_target × n_source
    EdgeList edges;                         // otherwise (weights and per-connection delays)
    bool per_connection_delay = false;      // edges.delay (or dense_delays) hold the delays
    arma::mat dense_delays;                 // dense with per-connection delays
    double delay = 0.0;                     // scalar delay, time units
    std::optional<double> spread;
    weights_form origin = weights_form::scalar;   // how the user gave the weights (rule: drawn)
    std::optional<connect::Projection> rule;      // the rule it was drawn by (origin rule)
    edge_t synapses() const;

    // Moves are declared noexcept (arma::mat's move steals or copies its small local buffer,
    // neither allocates), so that the network's list of projections moves them when it grows
    // instead of copying every edge table drawn so far.
    ResolvedProjection() = default;
    ResolvedProjection(const ResolvedProjection&) = default;
    ResolvedProjection(ResolvedProjection&&) noexcept = default;
    ResolvedProjection& operator=(const ResolvedProjection&) = default;
    ResolvedProjection& operator=(ResolvedProjection&&) noexcept = default;
};

// What introspection reports about a projection.
struct ProjectionInfo {
    std::string name, source, target;       // "pop/var"
    projection_kind kind;
    bool dense;
    edge_t synapses;
};

class Network {
public:
    explicit Network(seed_t seed = 0) : seed_(seed) {}

    // Adds a population; a repeated name is a config_error. Returns its index.
    std::size_t add(Population population);
    // Adds a projection: endpoints must exist (and be an input / a state / a spiking source as
    // its kind demands), matrix shapes must be n_target × n_source (the error states both),
    // rules are drawn now with the network's seed and this projection's index. Returns the index.
    // Dense weights are not scanned for NaN/Inf here (a 10⁴ × 10⁴ scan costs more than the whole
    // build): a non-finite weight stops the run with the runner's error naming unit and step.
    std::size_t connect(Connectivity connectivity);
    void add_input(ExternalInput input);
    void record(Recording r);
    // The spikes of `population`; `units` (ascending or not) restricts them to those units.
    void record_spikes(const std::string& population, std::vector<index_t> units = {});

    RunSettings settings;
    // Where the network was read from: errors raised after parsing (by compile()) name the file
    // and the line of the entry they are about, found by the longest key-path prefix in `lines`
    // ("projections[2]" for "projections[2].delay"). Empty for networks built in code.
    struct Source {
        std::string file;
        std::vector<std::pair<std::string, std::size_t>> lines;   // key path → 1-based line
    } source;
    // `e` with the file and line of `source` when it names neither.
    config_error located(const config_error& e) const;

    // How connect() draws rules: threads, and a stop flag that ends a long draw early
    // (neurowire::interrupted). The drawn edges do not depend on it.
    connect::Options draw_options;

    // The declared unit, else the one unit every template that declares one agrees on, else ms.
    // Templates that disagree (and no unit of the network's own) are a config_error at `time_unit`.
    TimeUnitChoice time_unit_used() const;

    // Drops the recordings and spike recordings added so far (a caller recording other variables
    // in a copy of the network).
    void clear_recordings();

    // --- introspection ---
    seed_t seed() const { return seed_; }
    index_t n_units() const;
    const std::vector<Population>& populations() const { return populations_; }
    const Population& population(const std::string& name) const;
    std::optional<std::size_t> find_population(const std::string& name) const;
    const std::vector<ResolvedProjection>& resolved_projections() const { return projections_; }
    std::vector<ProjectionInfo> projections() const;
    edge_t n_synapses() const;
    const std::vector<ExternalInput>& inputs() const { return inputs_; }
    const std::vector<Recording>& recordings() const { return recordings_; }
    const std::vector<std::string>& spike_recordings() const { return spike_recordings_; }
    // Aligned with spike_recordings(): the units recorded, empty for all.
    const std::vector<std::vector<index_t>>& spike_recording_units() const { return spike_units_; }
    // A human-readable summary (populations with states and parameters, projections with counts).
    std::string summary() const;

    // The program for `settings`: each population's equations through compile_equations,
    // projections as dense/CSC arrays with delays in whole steps. The rvalue form hands the
    // weight matrices and edge tables over instead of copying them (a 10⁴ × 10⁴ matrix is
    // 800 MB): `std::move(net).compile()`.
    sim::Program compile() const&;
    sim::Program compile() &&;

private:
    // Moves weights and edge tables out of projections_ into the program.
    sim::Program compile_program();
    sim::PopulationProgram compile_population(std::size_t index) const;

    seed_t seed_ = 0;
    std::vector<Population> populations_;
    std::vector<ResolvedProjection> projections_;
    std::vector<ExternalInput> inputs_;
    std::vector<Recording> recordings_;
    std::vector<std::string> spike_recordings_;
    std::vector<std::vector<index_t>> spike_units_;
};

// "pop/var" split at the first '/'; var empty for a bare "pop".
struct VarRef {
    std::string pop, var;
};
VarRef split_var(const std::string& text);

}  // namespace neurowire::build
