// The Brian2 forum problem of seed 004: 1,200 presynaptic → 40,000 postsynaptic neurons, both
// at positions ~ N(0, 1)², each presynaptic neuron with exactly 10 targets drawn with
// probability ∝ exp(−d²/2σ²), σ = 1, with replacement. The forum's loops took over an hour.
#include <chrono>
#include <cstdio>

#include <neurowire/connect/rules.hpp>
#include <neurowire/spatial/generators.hpp>

int main() {
    using namespace neurowire;
    const arma::vec mean(2, arma::fill::zeros), std(2, arma::fill::ones);
    const auto pre = spatial::gaussian(1200, mean, std, /*seed*/ 1, /*population*/ 0);
    const auto post = spatial::gaussian(40000, mean, std, 1, 1);

    connect::Projection projection;
    projection.rule.kind = connect::rule_kind::fixed_outdegree;
    projection.rule.k = 10;
    projection.rule.multapses = true;   // "with replacement", as random.choices in the thread
    projection.kernel = {connect::kernel_kind::gaussian, /*sigma*/ 1.0, 0.0, 0.0};

    const auto start = std::chrono::steady_clock::now();
    const auto c = connect::generate(&pre, &post, 1200, 40000, projection, /*seed*/ 1, /*projection*/ 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("%u presynaptic, %u postsynaptic neurons, %llu synapses (exactly 10 per source)\n", c.n_source,
                c.n_target, static_cast<unsigned long long>(c.size()));
    std::printf("choosing connections took %.4f s\n", seconds);
    return 0;
}
