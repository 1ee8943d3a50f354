#include "build/connectivity.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"

namespace neurowire::build {

namespace {
// Every factory starts from the two endpoints and the form of its weights.
Connectivity with_endpoints(std::string source, std::string target, weights_form form) {
    Connectivity c;
    c.source = std::move(source);
    c.target = std::move(target);
    c.form = form;
    return c;
}
}  // namespace

Connectivity Connectivity::from_matrix(std::string source, std::string target, arma::mat weights) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::dense);
    c.dense = std::move(weights);
    return c;
}

Connectivity Connectivity::from_sparse(std::string source, std::string target, arma::sp_mat weights) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::sparse);
    c.sparse = std::move(weights);
    return c;
}

Connectivity Connectivity::all_to_all(std::string source, std::string target, double weight) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::scalar);
    c.scalar = weight;
    return c;
}

Connectivity Connectivity::from_connectome(std::string source, std::string target, connect::Connectome cm) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::connectome);
    c.connectome = std::move(cm);
    return c;
}

Connectivity Connectivity::from_rule(std::string source, std::string target, connect::Projection rule) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::rule);
    c.rule = std::move(rule);
    return c;
}

Connectivity Connectivity::from_edges(std::string source, std::string target, EdgeList edges) {
    Connectivity c = with_endpoints(std::move(source), std::move(target), weights_form::edges);
    c.edges = std::move(edges);
    return c;
}

EdgeList EdgeList::from(const connect::Connectome& c) {
    // Weights and delays widen to float64 beside the connectome they come from.
    platform::check_memory("edge table of " + std::to_string(c.size()) + " synapses", 24.0 * double(c.size()));
    EdgeList e;
    e.n_source = c.n_source;
    e.n_target = c.n_target;
    e.source = c.source;
    e.target = c.target;
    e.weight.assign(c.weight.begin(), c.weight.end());
    if (c.delay.size() == c.source.size()) e.delay.assign(c.delay.begin(), c.delay.end());
    e.sort_by_source();
    return e;
}

void EdgeList::sort_by_source() {
    if (std::is_sorted(source.begin(), source.end())) return;
    std::vector<std::size_t> order(size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return source[a] < source[b]; });
    auto permute = [&](auto& v) {
        auto copy = v;
        for (std::size_t k = 0; k < order.size(); ++k) v[k] = copy[order[k]];
    };
    permute(source);
    permute(target);
    permute(weight);
    if (!delay.empty()) permute(delay);
}

GammaChain gamma_chain(double delay, double spread) {
    if (!(delay > 0.0) || !(spread > 0.0))
        throw config_error("spread", "a positive delay and spread", "delay " + std::to_string(delay) +
                                                                    ", spread " + std::to_string(spread));
    const double ratio = delay / spread;
    const double n = std::max(1.0, std::round(ratio * ratio));
    if (n > 1e6) throw config_error("spread", "spread >= delay/1000 (at most 10^6 chain filters)",
                                    "spread " + std::to_string(spread) + " for delay " + std::to_string(delay));
    return {static_cast<unsigned>(n), n / delay};
}

std::uint32_t delay_steps(double delay, double dt) {
    if (!(delay >= 0.0) || !std::isfinite(delay)) throw config_error("delay", "a delay >= 0", std::to_string(delay));
    const double s = std::round(delay / dt);
    if (s > 4e9) throw config_error("delay", "a delay below 4e9 steps", std::to_string(delay));
    return static_cast<std::uint32_t>(s);
}

}  // namespace neurowire::build
