#pragma once
// A projection between two populations (PyRates' Connectivity), as the user describes it.
//
// continuous: input_i += Σ_j W_ij · source_j(t − d) each step, W of shape n_target × n_source,
//             from a source variable into an input variable of the target model;
// event:      each spike of a spiking source adds w_ij to a state variable of target i after the
//             connection's delay.
// Weights come from a dense or sparse matrix, one number for all pairs, a Connectome (e.g. read
// from a file), or a connection rule of the connect module drawn when the network adds it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <armadillo>

#include "connect/connectome.hpp"
#include "connect/spec.hpp"
#include "core/types.hpp"

namespace neurowire::build {

// An edge table with double weights and delays (time units): a Connectome stores floats, but
// weights given as matrices must reach the program unrounded. from() and sorted() order the rows
// by source (stable), as the program walks them.
struct EdgeList {
    index_t n_source = 0, n_target = 0;
    std::vector<index_t> source, target;
    std::vector<double> weight;
    std::vector<double> delay;   // one per edge, or empty: all zero
    edge_t size() const { return source.size(); }
    static EdgeList from(const connect::Connectome& c);
    void sort_by_source();
};

enum class projection_kind { continuous, event };

enum class weights_form { scalar, dense, sparse, connectome, rule, edges };

struct Connectivity {
    std::string name;          // empty: "<source>_to_<target>"
    // "pop/var". A bare "pop" names the population's output variable; for a spiking population
    // it names its spikes (an event projection). "pop/spikes" does so explicitly.
    std::string source;
    std::string target;        // "pop/var": an input variable (continuous) or a state (event)

    weights_form form = weights_form::scalar;
    double scalar = 1.0;               // every pair, all to all
    arma::mat dense;                   // n_target × n_source
    arma::sp_mat sparse;               // n_target × n_source
    connect::Connectome connectome;    // n_source/n_target must match the populations
    connect::Projection rule;          // drawn with the network's seed and this projection's index
    EdgeList edges;                    // an explicit edge table (weights and per-edge delays)

    // Delays in time units. A scalar applies to every connection; per-connection delays come
    // from `delays` (dense, n_target × n_source, with dense weights) or from the connectome/rule.
    std::optional<double> delay;
    arma::mat delays;
    // Gamma-distributed delay (continuous only): mean `delay`, standard deviation `spread`.
    std::optional<double> spread;

    static Connectivity from_matrix(std::string source, std::string target, arma::mat weights);
    static Connectivity from_sparse(std::string source, std::string target, arma::sp_mat weights);
    static Connectivity all_to_all(std::string source, std::string target, double weight);
    static Connectivity from_connectome(std::string source, std::string target, connect::Connectome c);
    static Connectivity from_rule(std::string source, std::string target, connect::Projection rule);
    static Connectivity from_edges(std::string source, std::string target, EdgeList edges);

    Connectivity& with_delay(double d) { delay = d; return *this; }
    Connectivity& with_spread(double s) { spread = s; return *this; }
    Connectivity& named(std::string n) { name = std::move(n); return *this; }
};

// Gamma chain of a distributed delay (PyRates' linear chain trick): order n = max(1,
// round((delay/spread)²)) first-order filters at rate n/delay, so the kernel has mean `delay` and
// standard deviation delay/√n ≈ spread.
struct GammaChain {
    unsigned order = 0;
    double rate = 0.0;
};
GammaChain gamma_chain(double delay, double spread);

// A delay in time units as whole steps: round(delay/dt).
std::uint32_t delay_steps(double delay, double dt);

}  // namespace neurowire::build
