#pragma once
// Poisson inputs of a network as SONATA can say them: a virtual population (one node per driven
// unit) whose spike trains are written to a file, connected one to one to the driven units.
// Internal to app/export.
#include <cstdint>
#include <string>
#include <vector>

#include "app/export_models.hpp"
#include "build/network.hpp"
#include "connect/connectome.hpp"

namespace neurowire::app {

struct PoissonSource {
    std::string name;                  // the virtual population: <pop>_<var>_poisson<k>
    std::string target_population, target_variable;
    std::vector<index_t> units;        // the driven units, in node order
    index_t target_size = 0;
    std::size_t input_index = 0;       // its place in the network's inputs (keys its random stream)
    double rate = 0.0;                 // events per time unit
    double weight = 0.0;               // added to the conductance per event (units of g_L)
    seed_t seed = 0;
};

PoissonSource poisson_source(const build::Network& network, std::size_t input_index, const build::Population& target);

// Node k → unit units[k], weight as the receptor maps it, delay one step.
connect::Connectome poisson_edges(const PoissonSource& s, double dt, double leak_conductance_ns, const MappedReceptor& r);

struct PoissonTrains {
    std::vector<double> times;         // ms
    std::vector<std::uint32_t> nodes;
};

// The event times `neurowire run` draws for this input (sim/inputs.cpp: the same keyed stream per
// unit, exponential intervals), up to tstop.
PoissonTrains poisson_trains(const PoissonSource& s, double tstop);

}  // namespace neurowire::app
