// Models compiled from equations and run by the simulator, against analytic solutions and
// independent plain loops: LIF firing rate, QIF inter-spike interval, Wilson–Cowan network.
#include <cmath>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "build/equations/compiler.hpp"
#include "sim/runner.hpp"

namespace nb = neurowire::build;
namespace ns = neurowire::sim;

namespace {

nb::SourceText text(const std::string& s, const std::string& key = "equations") { return {s, key, 0}; }

// Spike times of a single spiking unit driven by its own parameters.
std::vector<double> spike_times(nb::ModelEquations m, double dt, std::uint64_t steps) {
    ns::Program p;
    p.dt = dt;
    p.steps = steps;
    p.populations.push_back(nb::compile_equations(m));
    p.record.spikes = {0};
    return ns::run(std::move(p), {1, {}}).spikes[0].times;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(equations_models)

BOOST_AUTO_TEST_CASE(lif_rate_matches_analytic) {
    // τ dv/dt = −(v − v_rest) + RI, v ≥ v_th → v_reset, refractory t_ref.
    // Exact ISI: t_ref + τ ln((v_rest + RI − v_reset)/(v_rest + RI − v_th)).
    // Euler error bound: Euler relaxes by (1 − h/τ) per step, exact by e^(−h/τ); the threshold
    // crossing step m = ceil(ln(ratio)/−ln(1 − h/τ)) makes m·h exceed the exact climb time by
    // at most one step plus the factor −ln(1 − h/τ)/(h/τ) − 1 ≈ h/(2τ) on it; t_ref/h is a
    // whole number of steps. So |ISI − exact| ≤ h + climb·h/τ, here 0.01 + 0.014 ms.
    const double tau = 10.0, v_rest = -65.0, v_th = -50.0, v_reset = -65.0, ri = 20.0, t_ref = 2.0;
    const double h = 0.01;
    nb::ModelEquations m;
    m.population = "lif";
    m.equations = {text("d/dt v = (-(v - v_rest) + RI) / tau")};
    m.states = {{"v", {v_rest}}};
    m.params = {{"tau", {tau}}, {"v_rest", {v_rest}}, {"v_th", {v_th}}, {"v_reset", {v_reset}},
                {"RI", {ri}}, {"t_ref", {t_ref}}};
    nb::SpikeEquations s;
    s.when = text("v >= v_th");
    s.reset = {{"v", text("v_reset")}};
    s.refractory = text("t_ref");
    m.spike = s;
    const std::vector<double> t = spike_times(m, h, 10000);   // 100 ms
    BOOST_REQUIRE(t.size() >= 4u);
    const double climb = tau * std::log((v_rest + ri - v_reset) / (v_rest + ri - v_th));
    const double exact = t_ref + climb;
    const double isi = (t.back() - t[1]) / static_cast<double>(t.size() - 2);
    BOOST_TEST_MESSAGE("LIF ISI " << isi << " ms, analytic " << exact << " ms, rate " << 1000.0 / isi << " Hz");
    BOOST_TEST(std::abs(isi - exact) <= h + climb * h / tau);
    BOOST_TEST(std::abs(1.0 / isi - 1.0 / exact) <= (h + climb * h / tau) / (exact * (exact - h - climb * h / tau)));
}

BOOST_AUTO_TEST_CASE(qif_interval_matches_analytic) {
    // τ dv/dt = v² + η, v ≥ v_th → v_reset. Exact: (τ/√η)(atan(v_th/√η) − atan(v_reset/√η)).
    // Euler's global error is O(h) (the crossing adds at most one step); near ±v_th one step moves
    // v by h·v_th²/τ = 1, so the tail is resolved. We allow 10 steps; the observed error is
    // about one step (1e-6 s of 1.55).
    const double tau = 1.0, eta = 4.0, v_th = 100.0, v_reset = -100.0, h = 1e-4;
    nb::ModelEquations m;
    m.population = "qif";
    m.equations = {text("d/dt v = (v^2 + eta) / tau")};
    m.states = {{"v", {v_reset}}};
    m.params = {{"tau", {tau}}, {"eta", {eta}}, {"v_th", {v_th}}, {"v_reset", {v_reset}}};
    nb::SpikeEquations s;
    s.when = text("v >= v_th");
    s.reset = {{"v", text("v_reset")}};
    m.spike = s;
    const std::vector<double> t = spike_times(m, h, 50000);
    BOOST_REQUIRE(t.size() >= 3u);
    const double se = std::sqrt(eta);
    const double exact = tau / se * (std::atan(v_th / se) - std::atan(v_reset / se));
    const double isi = t[2] - t[1];
    BOOST_TEST_MESSAGE("QIF ISI " << isi << ", analytic " << exact);
    BOOST_TEST(std::abs(isi - exact) <= 10 * h);
}

BOOST_AUTO_TEST_CASE(wilson_cowan_matches_plain_loop) {
    // PyRates tutorial (seed 000): N = 10 exc_pop units, W = normal(0, 1/√N) from
    // numpy.random.default_rng(42), diagonal 15; r_ext = 1, dt = 1e-3, Euler.
    const std::size_t n = 10;
    const arma::mat w = {
    {15.0, -0.32887185060944973, 0.2373135051545406, 0.29743267905865434, -0.6169714991282427, -0.41178531640797855, 0.04042668510028254, -0.10000468849618457, -0.005312992504078278, -0.26975617553082254},
    {0.2780900570306037, 15.0, 0.02088073997831682, 0.3564649686416251, 0.14783943489236567, -0.2717321358926731, 0.11660923666736597, -0.3032253027325697, 0.277790376339217, -0.01578795929753826},
    {-0.05845861224451029, -0.21532882864172165, 15.0, -0.04886651289835632, -0.13544915032549684, -0.11135440601047025, 0.16833094457777792, 0.11556356007796603, 0.13051751172729467, 0.13623756333431616},
    {0.6772484364185866, -0.12851971270700357, -0.16198537387266063, 15.0, 0.19478979671339078, 0.35701238602203517, -0.036033349977499386, -0.2656808058144372, -0.2607238529608874, 0.20573550388047188},
    {0.23503760614236097, 0.171760460868662, -0.21045264799842353, 0.07341585654890218, 15.0, 0.06915540639697294, 0.2755699756933392, 0.0707071208803267, 0.21469131936875693, 0.0213703781739688},
    {0.09142758155986519, 0.1996308653696547, -0.46079312965139135, -0.10108891460855467, -0.14874489366242113, 15.0, -0.08700761944225778, 0.47274195117793544, -0.27379983946354064, 0.3061965009549236},
    {-0.5321701483753322, -0.10589994490488337, 0.0514670381905489, 0.18537977823492705, 0.22490959245969086, 0.25087842386290726, 15.0, -0.14620847450819632, 0.2713157962262776, -0.06049573928667246},
    {-0.4034074361673846, -0.3583768839397668, -0.29075634236136433, 0.15721603144339075, 0.045038972340898625, 0.2183506409841957, -0.13510914987578437, 15.0, 0.1978290527258844, -0.09782396518077001},
    {0.14444501294459067, -0.20931936161210024, -0.11480770684309251, -0.1207161214230641, -0.37815769963898926, 0.15399421971050206, -0.14843805340538313, 0.003950987253605733, 15.0, 0.14120555625282064},
    {0.21041324655133448, -0.031143844751500928, -0.1338586795764211, -0.025209111745789697, -0.5335819985738336, -0.4576171443294559, -0.4182743435261702, -0.3153571364597953, 0.12641971062786123, 15.0}
    };
    const double s = 1.0, theta = 2.0, k = 1.0, tau = 10.0, dt = 1e-3;
    const std::uint64_t steps = 2000;
    nb::ModelEquations m;
    m.population = "e";
    m.size = n;
    m.equations = {text("m = sigmoid(s*(r_in + r_ext - theta)) - sigmoid(-s*theta)"),
                   text("d/dt r = (-r + (1 - k*r)*m) / tau")};
    m.states = {{"r", {0.0}}};
    m.params = {{"s", {s}}, {"theta", {theta}}, {"k", {k}}, {"tau", {tau}}};
    m.inputs = {"r_in", "r_ext"};
    m.output = "r";
    ns::Program p;
    p.dt = dt;
    p.steps = steps;
    p.populations.push_back(nb::compile_equations(m));
    const auto& pop = p.populations[0];
    ns::ContinuousProjection c;
    c.source_array = *pop.values.find_array("r");
    c.target_array = *pop.values.find_array("r_in");
    c.dense = w;
    p.continuous.push_back(c);
    ns::Input ext;
    ext.array = *pop.values.find_array("r_ext");
    ext.value = 1.0;
    p.inputs.push_back(ext);
    p.record.variables.push_back({"e.r", 0, c.source_array, {}, 1, false});
    const arma::mat got = ns::run(std::move(p), {1, {}}).traces[0].samples;

    auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
    std::vector<double> r(n, 0.0), next(n);
    double worst = 0.0;
    for (std::uint64_t step = 0; step < steps; ++step) {
        for (std::size_t i = 0; i < n; ++i) {
            double r_in = 0.0;
            for (std::size_t j = 0; j < n; ++j) r_in += w(i, j) * r[j];
            const double mi = sigmoid(s * (r_in + 1.0 - theta)) - sigmoid(-s * theta);
            next[i] = r[i] + dt * ((-r[i] + (1.0 - k * r[i]) * mi) / tau);
        }
        r = next;
        for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(got(step, i) - r[i]));
    }
    BOOST_TEST(worst <= 1e-12);
    // dt·(σ(−1) − σ(−2))/τ, the sanity value of models.md §1 (sample 0 is the state after step 1).
    BOOST_TEST(got(0, 0) == 1.4974e-5, boost::test_tools::tolerance(1e-4));
    BOOST_TEST(got(0, 0) == dt * (sigmoid(-1.0) - sigmoid(-2.0)) / tau, boost::test_tools::tolerance(1e-12));
    BOOST_TEST_MESSAGE("WC r_0 after 1999 steps: " << got(1998, 0));
}

BOOST_AUTO_TEST_SUITE_END()
