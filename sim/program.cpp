// Lookup helpers and the boundary check of a Program: everything the step loop indexes is
// verified here once, so the loop itself needs no checks.
#include "sim/program.hpp"

#include <cmath>
#include <sstream>

#include <algorithm>

#include "core/error.hpp"

namespace neurowire::sim {

namespace {

std::optional<std::uint32_t> find_name(const std::vector<std::string>& names, const std::string& name) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::uint32_t>(it - names.begin());
}

std::string shape(std::size_t rows, std::size_t cols) {
    return std::to_string(rows) + " × " + std::to_string(cols);
}

void check_pop(const Program& p, std::uint32_t pop, const std::string& where) {
    if (pop >= p.populations.size())
        throw config_error(where, "a population index below " + std::to_string(p.populations.size()),
                           std::to_string(pop));
}

void check_array(const Program& p, std::uint32_t pop, std::uint32_t array, const std::string& where) {
    check_pop(p, pop, where);
    const auto& v = p.populations[pop].values;
    if (array >= v.arrays.size())
        throw config_error(where, "a variable of population '" + p.populations[pop].name + "'",
                           "slot " + std::to_string(array));
}

void check_units(const Program& p, std::uint32_t pop, const std::vector<index_t>& units,
                 const std::string& where) {
    const std::uint32_t n = p.populations[pop].size;
    for (const index_t u : units)
        if (u >= n)
            throw config_error(where, "unit indices below the population size " + std::to_string(n),
                               std::to_string(u));
}

void check_population(const PopulationProgram& pop) {
    const std::string where = "populations." + pop.name;
    for (std::size_t i = 0; i < pop.values.arrays.size(); ++i)
        if (pop.values.arrays[i].size() != pop.size)
            throw config_error(where + "." + pop.values.array_names[i],
                               std::to_string(pop.size) + " values (one per unit)",
                               std::to_string(pop.values.arrays[i].size()));
    if (pop.function != node_function::none && pop.inputs.empty())
        throw config_error(where, "an input slot for the function node", "none");
}

void check_continuous(const Program& p, const ContinuousProjection& c, std::size_t i) {
    const std::string where = "projections." + (c.name.empty() ? std::to_string(i) : c.name);
    check_array(p, c.source_pop, c.source_array, where + ".source");
    check_array(p, c.target_pop, c.target_array, where + ".target");
    const std::size_t ns = p.populations[c.source_pop].size, nt = p.populations[c.target_pop].size;
    if (!c.sparse) {
        if (c.dense.n_rows != nt || c.dense.n_cols != ns)
            throw config_error(where + ".weights", "a matrix of n_target × n_source = " + shape(nt, ns),
                               shape(c.dense.n_rows, c.dense.n_cols));
        if (!c.connection_delay_steps.empty())
            throw config_error(where + ".delay", "per-connection delays with sparse weights only",
                               "a dense matrix");
    } else {
        if (c.col_ptr.size() != ns + 1 || c.col_ptr.back() != c.values.size() ||
            c.row_idx.size() != c.values.size())
            throw config_error(where + ".weights", "CSC arrays for " + shape(nt, ns),
                               std::to_string(c.col_ptr.size()) + " column pointers, " +
                                   std::to_string(c.values.size()) + " values");
        for (const auto r : c.row_idx)
            if (r >= nt) throw config_error(where + ".weights", "row indices below " + std::to_string(nt),
                                            std::to_string(r));
        if (!c.connection_delay_steps.empty() && c.connection_delay_steps.size() != c.values.size())
            throw config_error(where + ".delay", std::to_string(c.values.size()) + " per-connection delays",
                               std::to_string(c.connection_delay_steps.size()));
    }
    if (c.gamma_order > 0 && (c.delay_steps > 0 || !c.connection_delay_steps.empty()))
        throw config_error(where + ".spread", "either a gamma-distributed or a discrete delay", "both");
    if (c.gamma_order > 0 && !(c.gamma_rate > 0.0))
        throw config_error(where + ".spread", "a positive gamma rate", std::to_string(c.gamma_rate));
}

void check_event(const Program& p, const EventProjection& e, std::size_t i) {
    const std::string where = "projections." + (e.name.empty() ? std::to_string(i) : e.name);
    check_pop(p, e.source_pop, where + ".source");
    check_array(p, e.target_pop, e.target_array, where + ".target");
    if (!p.populations[e.source_pop].spike)
        throw config_error(where + ".source", "a spiking population", p.populations[e.source_pop].name);
    const std::size_t ns = p.populations[e.source_pop].size, nt = p.populations[e.target_pop].size;
    if (e.col_ptr.size() != ns + 1 || e.col_ptr.back() != e.targets.size() ||
        e.weights.size() != e.targets.size())
        throw config_error(where, "CSC arrays for " + shape(nt, ns),
                           std::to_string(e.col_ptr.size()) + " column pointers, " +
                               std::to_string(e.targets.size()) + " targets");
    for (const auto t : e.targets)
        if (t >= nt) throw config_error(where, "target indices below " + std::to_string(nt), std::to_string(t));
    if (e.delay_steps.size() != 1 && e.delay_steps.size() != e.targets.size())
        throw config_error(where + ".delay", "one delay or one per connection (" +
                           std::to_string(e.targets.size()) + ")", std::to_string(e.delay_steps.size()));
    for (const auto d : e.delay_steps)
        if (d < 1) throw config_error(where + ".delay", "at least one step", "0");
}

void check_input(const Program& p, const Input& in, std::size_t i) {
    const std::string where = "inputs[" + std::to_string(i) + "]" + (in.name.empty() ? "" : " (" + in.name + ")");
    check_array(p, in.pop, in.array, where + ".target");
    check_units(p, in.pop, in.units, where + ".units");
    const std::size_t n_units = in.units.empty() ? p.populations[in.pop].size : in.units.size();
    if (in.kind == input_kind::array && (in.data.n_rows != p.steps || in.data.n_cols != n_units))
        throw config_error(where, "an input array of steps × units = " + shape(p.steps, n_units),
                           shape(in.data.n_rows, in.data.n_cols));
    if (in.kind == input_kind::step && in.step_times.size() != in.step_values.size())
        throw config_error(where, "as many step values as times", std::to_string(in.step_values.size()));
    if (in.kind == input_kind::poisson) {
        if (!(in.rate >= 0.0) || !std::isfinite(in.rate))
            throw config_error(where + ".rate", "a finite rate >= 0", std::to_string(in.rate));
        // Events are drawn one by one: rate × dt bounds the work of a step, and rate × the run's
        // length keeps each interval between events far above the resolution of the clock.
        std::ostringstream found;
        found << in.rate;
        if (in.rate * p.dt > Input::max_poisson_events_per_step)
            throw config_error(where + ".rate", "a rate of at most 1000 events per unit and step (rate × dt <= 1000)",
                               found.str() + " (rate × dt = " + std::to_string(in.rate * p.dt) + ")");
        if (in.rate * p.dt * static_cast<double>(p.steps) > Input::max_poisson_events_per_run)
            throw config_error(where + ".rate", "a rate of at most 2^40 events per unit over the run (rate × duration)",
                               found.str());
    }
}

}  // namespace

std::optional<std::uint32_t> ValueTable::find_array(const std::string& name) const {
    return find_name(array_names, name);
}

std::optional<std::uint32_t> ValueTable::find_scalar(const std::string& name) const {
    return find_name(scalar_names, name);
}

PopulationProgram make_function_node(std::string name, std::uint32_t size, node_function f) {
    PopulationProgram pop;
    pop.name = std::move(name);
    pop.size = size;
    pop.function = f;
    pop.values.array_names = {"in", "out"};
    pop.values.arrays.assign(2, std::vector<double>(size, 0.0));
    pop.inputs = {0};
    pop.output = 1;
    return pop;
}

void validate(const Program& p) {
    if (!(p.dt > 0.0)) throw config_error("dt", "a positive time step", std::to_string(p.dt));
    // Heun integrates rate models only: a spike check between predictor and corrector has no
    // second-order meaning (the reset is a discontinuity), so spiking populations are refused
    // rather than silently integrated with a mixed scheme.
    if (p.method == solver::heun || p.method == solver::rk4) {
        const std::string name = p.method == solver::heun ? "heun" : "rk4";
        for (const auto& pop : p.populations)
            if (pop.spike)
                throw config_error("populations." + pop.name,
                                   "solver euler or exponential_euler for the spiking population '" + pop.name + "' (" +
                                       name + " integrates networks without spiking populations only)",
                                   "solver " + name);
    }
    for (const auto& pop : p.populations) check_population(pop);
    for (std::size_t i = 0; i < p.continuous.size(); ++i) check_continuous(p, p.continuous[i], i);
    for (std::size_t i = 0; i < p.events.size(); ++i) check_event(p, p.events[i], i);
    for (std::size_t i = 0; i < p.inputs.size(); ++i) check_input(p, p.inputs[i], i);
    for (const auto& r : p.record.variables) {
        check_array(p, r.pop, r.array, "record." + r.name);
        check_units(p, r.pop, r.units, "record." + r.name + ".units");
        if (r.every < 1) throw config_error("record." + r.name + ".every", "at least 1", "0");
    }
    for (const auto s : p.record.spikes) {
        check_pop(p, s, "record.spikes");
        if (!p.populations[s].spike)
            throw config_error("record.spikes", "a spiking population", p.populations[s].name);
    }
    if (!p.record.spike_units.empty() && p.record.spike_units.size() != p.record.spikes.size())
        throw config_error("record.spike_units", "one unit list per spike recording",
                           std::to_string(p.record.spike_units.size()) + " lists");
    for (std::size_t k = 0; k < p.record.spike_units.size(); ++k)
        check_units(p, p.record.spikes[k], p.record.spike_units[k], "record.spikes[" + std::to_string(k) + "].units");
}

}  // namespace neurowire::sim
