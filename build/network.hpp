#pragma once
// A network: populations plus projections, external inputs, recordings and run settings —
// and its compilation into the flat sim::Program the runner executes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "build/connectivity.hpp"
#include "build/population.hpp"
#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"
#include "sim/program.hpp"

namespace neurowire::build {

// An external input addressed by name: `target` is "pop/var". The fields of sim::Input other
// than pop/array say what it is (constant, array, sine, step, poisson) and which units.
struct ExternalInput {
    std::string target;
    sim::Input input;
};

// A recorded variable addressed by name ("pop/var").
struct Recording {
    std::string variable;
    std::vector<index_t> units;   // empty: all
    std::uint32_t every = 1;
    bool mean = false;
};

struct RunSettings {
    double dt = 1e-3;
    double duration = 0.0;      // steps = round(duration / dt)
    sim::solver method = sim::solver::euler;
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
    void record_spikes(const std::string& population);

    RunSettings settings;
    // How connect() draws rules: threads, and a stop flag that ends a long draw early
    // (neurowire::interrupted). The drawn edges do not depend on it.
    connect::Options draw_options;

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
};

// "pop/var" split at the first '/'; var empty for a bare "pop".
struct VarRef {
    std::string pop, var;
};
VarRef split_var(const std::string& text);

}  // namespace neurowire::build
