#include "app/export_inputs.hpp"

#include "core/rng.hpp"

namespace neurowire::app {

PoissonSource poisson_source(const build::Network& network, std::size_t input_index, const build::Population& target) {
    const build::ExternalInput& in = network.inputs().at(input_index);
    const build::VarRef v = build::split_var(in.target);
    PoissonSource s;
    s.target_population = target.name;
    s.target_variable = v.var;
    s.name = target.name + "_" + v.var + "_poisson" + std::to_string(input_index);
    s.units = in.input.units;
    if (s.units.empty())
        for (index_t i = 0; i < target.size; ++i) s.units.push_back(i);
    s.target_size = target.size;
    s.input_index = input_index;
    s.rate = in.input.rate;
    s.weight = in.input.weight;
    s.seed = network.seed();
    return s;
}

connect::Connectome poisson_edges(const PoissonSource& s, double dt, double leak_conductance_ns, const MappedReceptor& r) {
    connect::Connectome c;
    c.n_source = static_cast<index_t>(s.units.size());
    for (std::size_t k = 0; k < s.units.size(); ++k) {
        c.source.push_back(static_cast<index_t>(k));
        c.target.push_back(s.units[k]);
        c.weight.push_back(static_cast<float>(s.weight * leak_conductance_ns * r.factor * r.sign));
        c.delay.push_back(static_cast<float>(dt));
    }
    c.n_target = s.target_size;
    return c;
}

PoissonTrains poisson_trains(const PoissonSource& s, double tstop) {
    PoissonTrains t;
    if (!(s.rate > 0.0)) return t;
    for (std::size_t k = 0; k < s.units.size(); ++k) {
        rng::engine g = rng::stream(s.seed, rng::purpose::poisson, s.input_index, s.units[k]);
        for (double next = rng::exponential(g) / s.rate; next < tstop; next += rng::exponential(g) / s.rate) {
            t.times.push_back(next);
            t.nodes.push_back(static_cast<std::uint32_t>(k));
        }
    }
    return t;
}

}  // namespace neurowire::app
