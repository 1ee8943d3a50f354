// Seed 000 (PyRates' PopulationTemplate/Connectivity tutorial) written against neurowire.
//
// N Wilson–Cowan excitatory units, all-to-all coupled by W ~ N(0, 1/√N) with self-coupling 15,
// built twice — as one population with one weight matrix, and with the legacy circuit API as N
// nodes and N² edges — and run for T = 2 with Euler steps of 10⁻³. Both give the same
// trajectory; the program prints the largest difference. Then the tutorial's variations:
// heterogeneous time constants, a scalar delay and a gamma-distributed delay.
//
// One departure from the tutorial: it drives nothing, and with r(0) = 0 the Wilson–Cowan unit
// sits at its fixed point r ≡ 0 (m(0) = 0, docs/models.md §1). We add the constant drive
// r_ext = 1 of the reference's sanity values so there is a trajectory to compare.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <neurowire/spec/template_file.hpp>
#include <neurowire/build/legacy_circuit.hpp>
#include <neurowire/build/network.hpp>
#include <neurowire/core/rng.hpp>
#include <neurowire/sim/runner.hpp>

using namespace neurowire;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr const char* model = "neural_mass_models.wilsoncowan.exc_pop";
constexpr double T = 2.0, dt = 1e-3;

arma::mat tutorial_weights(index_t n, seed_t seed) {
    arma::mat w(n, n);
    for (index_t i = 0; i < n; ++i) {
        auto g = rng::stream(seed, rng::purpose::weight, 0, i);
        for (index_t j = 0; j < n; ++j) w(i, j) = rng::normal(g, 0.0, 1.0 / std::sqrt(static_cast<double>(n)));
    }
    w.diag().fill(15.0);
    return w;
}

std::string node_name(std::size_t k) {
    std::string s = "e";
    return s.append(std::to_string(k));
}

// "node/var". (Built by append: GCC 12 warns falsely (-Wrestrict) on string + "literal".)
std::string node_var(const std::string& node, const char* var) {
    std::string s;
    s.reserve(node.size() + 16);
    return s.append(node).append(1, '/').append(var);
}

sim::Input drive() {
    sim::Input in;
    in.kind = sim::input_kind::constant;
    in.value = 1.0;
    return in;
}

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Population + Connectivity; `configure` adds the section's variation.
template <class F>
arma::mat run_matrix(const arma::mat& w, F configure, double* build_s = nullptr) {
    const auto t0 = clock_type::now();
    build::Network net(42);
    build::Population pop("e", spec::load_template(model), w.n_rows);
    build::Connectivity conn = build::Connectivity::from_matrix("e/r", "e/r_in", w);
    configure(pop, conn);
    net.add(std::move(pop));
    net.connect(std::move(conn));
    net.add_input({"e/r_ext", drive()});
    net.record({"e/r", {}, 1, false});
    net.settings.dt = dt;
    net.settings.duration = T;
    sim::Program program = std::move(net).compile();
    if (build_s) *build_s = seconds_since(t0);
    return sim::run(std::move(program)).trace("e.r")->samples;
}

arma::mat run_legacy(const arma::mat& w, double* build_s) {
    const auto t0 = clock_type::now();
    build::LegacyCircuit circuit(42, spec::template_loader());
    std::vector<std::string> nodes;
    for (arma::uword k = 0; k < w.n_rows; ++k) {
        nodes.push_back(node_name(k));
        circuit.add_node(nodes.back(), model);
        circuit.add_input(node_var(nodes.back(), "r_ext"), drive());
    }
    circuit.add_edges_from_matrix("r", "r_in", nodes, w, 0.0);
    circuit.record("r");
    circuit.settings.dt = dt;
    circuit.settings.duration = T;
    sim::Program program = circuit.compile();
    *build_s = seconds_since(t0);
    return sim::run(std::move(program)).trace("exc_pop.r")->samples;
}

void report(const char* label, const arma::mat& r) {
    const arma::rowvec mean = arma::mean(r, 1).t();
    std::printf("  %-34s mean r at t = 0.5, 1.0, 2.0: %.6f %.6f %.6f\n", label, mean(499), mean(999), mean(r.n_rows - 1));
}

}  // namespace

int main() {
    const index_t n = 10;
    const arma::mat w = tutorial_weights(n, 42);
    auto plain = [](build::Population&, build::Connectivity&) {};

    std::printf("Section 1: N = %u Wilson-Cowan units, W ~ N(0, 1/sqrt(N)), diag 15, r_ext = 1, T = %g, dt = %g\n",
                n, T, dt);
    double matrix_s = 0.0, legacy_s = 0.0;
    const arma::mat a = run_matrix(w, plain, &matrix_s);
    const arma::mat b = run_legacy(w, &legacy_s);
    std::printf("  r_0 after one step: %.6e (reference: dt*(sigmoid(-1) - sigmoid(-2))/tau = 1.4974e-05)\n", a(0, 0));
    report("Population + Connectivity", a);
    report("legacy circuit (N^2 edges)", b);
    std::printf("  build: matrix %.3f ms, legacy %.3f ms (%u edges)\n", 1e3 * matrix_s, 1e3 * legacy_s, n * n);
    const double max_diff = arma::abs(a - b).max();
    std::printf("  max |r_matrix - r_legacy| over %llu steps x %u units: %.3e\n",
                static_cast<unsigned long long>(a.n_rows), n, max_diff);

    std::printf("Section 2: heterogeneous time constants tau ~ U(8, 12)\n");
    connect::Value tau;
    tau.kind = connect::value_kind::uniform;
    tau.low = 8.0;
    tau.high = 12.0;
    report("tau ~ U(8, 12)", run_matrix(w, [&](build::Population& p, build::Connectivity&) {
               p.set_param("tau", build::UnitValues::drawn(tau));
           }));

    std::printf("Section 3: delayed coupling\n");
    report("delay 0.5", run_matrix(w, [](build::Population&, build::Connectivity& c) { c.with_delay(0.5); }));
    const build::GammaChain chain = build::gamma_chain(0.5, 0.1);
    std::printf("  gamma delay: mean 0.5, spread 0.1 -> chain of %u filters at rate %g\n", chain.order, chain.rate);
    report("delay 0.5, spread 0.1", run_matrix(w, [](build::Population&, build::Connectivity& c) {
               c.with_delay(0.5).with_spread(0.1);
           }));
    return max_diff < 1e-12 ? 0 : 1;
}
