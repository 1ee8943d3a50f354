// One Euler step of every library template, against a hand computation of its equations
// (docs/models.md), with the coupling evaluated by an explicit loop.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "spec/template_file.hpp"
#include "build/network.hpp"
#include "sim/runner.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::load_template;

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<double> values(index_t n, double first, double step) {
    std::vector<double> v(n);
    for (index_t i = 0; i < n; ++i) v[i] = first + step * i;
    return v;
}

arma::mat coupling(index_t n, double scale) {
    arma::mat w(n, n);
    for (index_t i = 0; i < n; ++i)
        for (index_t j = 0; j < n; ++j) w(i, j) = scale * std::sin(1.0 + 3.0 * i + 7.0 * j);
    return w;
}

// Σ_j W_ij x_j, written out.
std::vector<double> loop_product(const arma::mat& w, const std::vector<double>& x) {
    std::vector<double> y(w.n_rows, 0.0);
    for (arma::uword i = 0; i < w.n_rows; ++i)
        for (arma::uword j = 0; j < w.n_cols; ++j) y[i] += w(i, j) * x[j];
    return y;
}

// Runs `steps` steps and returns the recorded values of `var` of population "p" after the last.
std::vector<double> after(Network& net, const std::string& var, std::uint64_t steps = 1) {
    net.record({"p/" + var, {}, 1, false});
    net.settings.duration = net.settings.dt * static_cast<double>(steps);
    const sim::Recording rec = sim::run(net.compile(), {1, {}});
    const sim::Trace* t = rec.trace("p." + var);
    BOOST_REQUIRE(t != nullptr);
    BOOST_REQUIRE_EQUAL(t->samples.n_rows, steps);
    const arma::rowvec last = t->samples.row(steps - 1);
    return {last.begin(), last.end()};
}

sim::Input constant(double v) {
    sim::Input in;
    in.kind = sim::input_kind::constant;
    in.value = v;
    return in;
}

constexpr double tol = 1e-13;

}  // namespace

BOOST_AUTO_TEST_SUITE(euler_step)

BOOST_AUTO_TEST_CASE(wilson_cowan_exc_and_inh) {
    for (const char* name : {"exc_pop", "inh_pop"}) {
        const index_t n = 6;
        const double dt = 1e-3;
        const auto r0 = values(n, 0.05, 0.1);
        const arma::mat w = coupling(n, 2.0);
        Network net(0);
        Population pop("p", load_template(std::string("neural_mass_models.wilsoncowan.") + name), n);
        pop.set_init("r", UnitValues::list(r0));
        net.add(std::move(pop));
        net.connect(Connectivity::from_matrix("p/r", "p/r_in", w));
        net.add_input({"p/r_ext", constant(0.7)});
        net.settings.dt = dt;
        const auto r1 = after(net, "r");
        const double s = name == std::string("exc_pop") ? 1.0 : 2.0, theta = name == std::string("exc_pop") ? 2.0 : 2.5;
        const auto r_in = loop_product(w, r0);
        for (index_t i = 0; i < n; ++i) {
            const double m = sigmoid(s * (r_in[i] + 0.7 - theta)) - sigmoid(-s * theta);
            BOOST_TEST(r1[i] == r0[i] + dt * (-r0[i] + (1.0 - r0[i]) * m) / 10.0, boost::test_tools::tolerance(tol));
        }
    }
}

BOOST_AUTO_TEST_CASE(wilson_cowan_sanity_value_of_the_reference) {
    // models.md: N = 10, r_ext = 1, r(0) = 0: r after one step = dt·(σ(−1) − σ(−2))/τ = 1.4974e-5.
    Network net(0);
    net.add(Population("p", load_template("neural_mass_models.wilsoncowan.exc_pop"), 10));
    net.connect(Connectivity::from_matrix("p/r", "p/r_in", coupling(10, 0.3)));
    net.add_input({"p/r_ext", constant(1.0)});
    const auto r1 = after(net, "r");
    BOOST_TEST(r1[0] == 1e-3 * (sigmoid(-1.0) - sigmoid(-2.0)) / 10.0, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(std::abs(r1[0] - 1.4974e-5) < 1e-9);
}

BOOST_AUTO_TEST_CASE(leaky_integrators_couple_through_their_output) {
    for (const char* name : {"tanh", "sigmoid"}) {
        const index_t n = 5;
        const double dt = 1e-3;
        const auto v0 = values(n, -1.0, 0.45);
        const arma::mat j = coupling(n, 2.0);
        Network net(0);
        Population pop("p", load_template(std::string("rate_neurons.leaky_integrator.") + name), n);
        pop.set_init("v", UnitValues::list(v0));
        pop.set_param("eta", 0.25);
        net.add(std::move(pop));
        net.connect(Connectivity::from_matrix("p/r", "p/r_in", j));
        net.add_input({"p/I_ext", constant(0.5)});
        net.settings.dt = dt;
        const auto v1 = after(net, "v");
        std::vector<double> r0(n);
        for (index_t i = 0; i < n; ++i)
            r0[i] = name == std::string("tanh") ? std::tanh(v0[i]) : 1.0 / (1.0 + std::exp(1.0 * (0.0 - v0[i])));
        const auto r_in = loop_product(j, r0);
        for (index_t i = 0; i < n; ++i)
            BOOST_TEST(v1[i] == v0[i] + dt * (-v0[i] / 10.0 + r_in[i] + 0.5 + 0.25), boost::test_tools::tolerance(tol));
    }
}

BOOST_AUTO_TEST_CASE(lif_integrates_spikes_resets_and_jumps) {
    const double dt = 1e-3;
    const std::vector<double> v0 = {10.0, 99.9999, -3.0}, s0 = {0.5, 0.0, 2.0};
    const arma::mat j = coupling(3, 20.0);
    auto build = [&] {
        Network net(0);
        Population pop("p", load_template("spiking_neurons.lif.lif"), 3);
        pop.set_init("v", UnitValues::list(v0));
        pop.set_init("s", UnitValues::list(s0));
        net.add(std::move(pop));
        net.connect(Connectivity::from_matrix("p/s", "p/s_in", j));
        net.add_input({"p/I_ext", constant(200.0)});
        net.settings.dt = dt;
        return net;
    };
    Network a = build(), b = build();
    const auto v1 = after(a, "v"), s1 = after(b, "s");
    const auto s_in = loop_product(j, s0);
    for (index_t i = 0; i < 3; ++i) {
        double v = v0[i] + dt * (-v0[i] / 10.0 + s_in[i] + 200.0);
        double s = s0[i] + dt * (-s0[i] / 0.5);
        if (v >= 100.0) v = -100.0, s += 1.0;
        BOOST_TEST(v1[i] == v, boost::test_tools::tolerance(tol));
        BOOST_TEST(s1[i] == s, boost::test_tools::tolerance(tol));
    }
    BOOST_TEST(v1[1] == -100.0);   // unit 1 crossed the threshold
}

BOOST_AUTO_TEST_CASE(qif_step) {
    const double dt = 1e-3;
    const std::vector<double> v0 = {-2.0, 1.5, 99.0}, s0 = {0.0, 1.0, 0.25};
    const arma::mat j = coupling(3, 5.0);
    auto build = [&] {
        Network net(0);
        Population pop("p", load_template("spiking_neurons.qif.qif"), 3);
        pop.set_init("v", UnitValues::list(v0));
        pop.set_init("s", UnitValues::list(s0));
        net.add(std::move(pop));
        net.connect(Connectivity::from_matrix("p/s", "p/s_in", j));
        net.add_input({"p/I_ext", constant(3.0)});
        net.settings.dt = dt;
        return net;
    };
    Network a = build(), b = build();
    const auto v1 = after(a, "v"), s1 = after(b, "s");
    const auto s_in = loop_product(j, s0);
    for (index_t i = 0; i < 3; ++i) {
        double v = v0[i] + dt * ((v0[i] * v0[i] - 5.0 + 3.0) / 1.0 + s_in[i]);
        double s = s0[i] - dt * s0[i] / 1.0;
        if (v >= 100.0) v = -100.0, s += 1.0;
        BOOST_TEST(v1[i] == v, boost::test_tools::tolerance(tol));
        BOOST_TEST(s1[i] == s, boost::test_tools::tolerance(tol));
    }
}

BOOST_AUTO_TEST_CASE(coba_lif_step_and_event_delivery) {
    const double dt = 0.1;
    const std::vector<double> v0 = {-55.0, -49.0, -70.0}, ge0 = {0.1, 0.0, 0.3}, gi0 = {0.05, 0.2, 0.0};
    auto build = [&] {
        Network net(0);
        Population pop("p", load_template("spiking_neurons.lif_coba.lif"), 3);
        pop.set_init("v", UnitValues::list(v0));
        pop.set_init("g_e", UnitValues::list(ge0));
        pop.set_init("g_i", UnitValues::list(gi0));
        net.add(std::move(pop));
        // Unit 1 starts above threshold and spikes in step 0; its event reaches unit 0 one step later.
        arma::mat w(3, 3, arma::fill::zeros);
        w(0, 1) = 0.6;
        net.connect(Connectivity::from_matrix("p", "p/g_e", w).with_delay(dt));
        net.add_input({"p/I_ext", constant(20.0)});
        net.settings.dt = dt;
        return net;
    };
    Network a = build(), b = build(), c = build();
    const auto v1 = after(a, "v"), ge1 = after(b, "g_e");
    for (index_t i = 0; i < 3; ++i) {
        double v = v0[i] + dt * (-(v0[i] + 60.0) + 20.0 + ge0[i] * (0.0 - v0[i]) + gi0[i] * (-80.0 - v0[i])) / 20.0;
        if (v >= -50.0) v = -60.0;
        BOOST_TEST(v1[i] == v, boost::test_tools::tolerance(tol));
        BOOST_TEST(ge1[i] == ge0[i] - dt * ge0[i] / 5.0, boost::test_tools::tolerance(tol));
    }
    BOOST_TEST(v1[1] == -60.0);
    // Step 1: the weight arrives before integration, then decays with the rest of g_e.
    const auto ge2 = after(c, "g_e", 2);
    const double g = ge0[0] * (1.0 - dt / 5.0) + 0.6;
    BOOST_TEST(ge2[0] == g * (1.0 - dt / 5.0), boost::test_tools::tolerance(tol));
}

BOOST_AUTO_TEST_SUITE_END()
