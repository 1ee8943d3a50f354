// The Heun solver (explicit trapezoid) and rk4: second- and fourth-order convergence on rate
// models, and Heun's refusal for spiking populations.
#include <cmath>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "sim/runner.hpp"
#include "program_builder.hpp"

using namespace neurowire::sim;
using neurowire::sim::testing::Lif;
using neurowire::sim::testing::make_lif;
using neurowire::sim::testing::PopBuilder;

namespace {

// dx/dt = −x/τ, one unit, x(0) = x0, run for `steps` steps of dt with Heun; returns x(T).
double heun_decay(double x0, double tau, double dt, std::uint64_t steps) {
    PopBuilder b("r", 1);
    const Operand x = b.array("x", x0);
    const Operand t = b.scalar("tau", tau);
    const Operand d = b.temp(0);
    b.emit(opcode::neg, d, x);
    b.emit(opcode::div, d, d, t);
    b.state(x, d);
    Program p;
    p.dt = dt;
    p.steps = steps;
    p.method = solver::heun;
    p.populations.push_back(std::move(b.p));
    RunOptions options;
    options.threads = 1;
    Simulator sim(std::move(p), options);
    sim.run();
    return sim.program().populations[0].values.arrays[0][0];
}

// Two units, τ dx/dt = −x + W x + b: a continuous self-projection W (no delay) into the input
// slot, plus a constant external input b into the same slot. Returns x(T).
arma::vec heun_linear(const arma::mat& W, const arma::vec& x0, const arma::vec& bias, double tau, double dt,
                      std::uint64_t steps, solver method = solver::heun, bool via_node = false) {
    PopBuilder b("net", 2);
    const Operand x = b.array("x", {x0(0), x0(1)});
    const Operand in = b.input("in");
    const Operand t = b.scalar("tau", tau);
    const Operand d = b.temp(0);
    b.emit(opcode::sub, d, in, x);
    b.emit(opcode::div, d, d, t);
    b.state(x, d);
    Program p;
    p.dt = dt;
    p.steps = steps;
    p.method = method;
    p.populations.push_back(std::move(b.p));
    ContinuousProjection c;
    c.name = "recurrent";
    c.source_pop = 0;
    c.source_array = x.index;
    c.target_pop = 0;
    c.target_array = in.index;
    c.dense = W;
    if (via_node) {
        // x → identity function node → W → in: the node must be re-evaluated at the predictor.
        p.populations.push_back(make_function_node("node", 2, node_function::identity));
        ContinuousProjection to_node;
        to_node.name = "to_node";
        to_node.source_pop = 0;
        to_node.source_array = x.index;
        to_node.target_pop = 1;
        to_node.target_array = 0;
        to_node.dense = arma::eye(2, 2);
        p.continuous.push_back(to_node);
        c.source_pop = 1;
        c.source_array = 1;
    }
    p.continuous.push_back(c);
    for (neurowire::index_t u = 0; u < 2; ++u) {
        Input e;
        e.name = "bias" + std::to_string(u);
        e.pop = 0;
        e.array = in.index;
        e.units = {u};
        e.kind = input_kind::constant;
        e.value = bias(u);
        p.inputs.push_back(e);
    }
    RunOptions options;
    options.threads = 1;
    Simulator sim(std::move(p), options);
    sim.run();
    const auto& v = sim.program().populations[0].values.arrays[x.index];
    return arma::vec{v[0], v[1]};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(heun)

// Analytic bound. One Heun step multiplies x by R(z) = 1 + z + z²/2, z = −dt/τ, against the
// exact e^z. For −1 < z < 0, e^z − R(z) = z³/6 + z⁴/24 + … is an alternating series with
// decreasing terms, so |e^z − R(z)| ≤ |z|³/6; and 0 < R(z), e^z < 1. Hence after N = T/dt steps
//   |R^N − e^{Nz}| ≤ N·|R − e^z| ≤ (T/dt)·(dt/τ)³/6 = T·dt²/(6τ³),
// so |x_N − x(T)| ≤ |x0|·T·dt²/(6τ³). The leading term of the error is
// x0·T·dt²/(6τ³)·e^{−T/τ}: halving dt divides it by 4.
BOOST_AUTO_TEST_CASE(decay_is_second_order_within_the_analytic_bound) {
    const double x0 = 1.5, tau = 0.5, T = 1.0;
    double errors[2];
    for (int k = 0; k < 2; ++k) {
        const double dt = 0.01 / (1 << k);
        const auto steps = static_cast<std::uint64_t>(std::llround(T / dt));
        const double err = std::abs(heun_decay(x0, tau, dt, steps) - x0 * std::exp(-T / tau));
        const double bound = std::abs(x0) * T * dt * dt / (6.0 * tau * tau * tau);
        BOOST_TEST_MESSAGE("dt = " << dt << ": error " << err << ", bound " << bound);
        BOOST_TEST(err > 0.0);
        BOOST_TEST(err <= bound);
        errors[k] = err;
    }
    const double ratio = errors[0] / errors[1];
    BOOST_TEST_MESSAGE("error ratio dt / (dt/2): " << ratio);
    BOOST_TEST(ratio >= 3.5);
    BOOST_TEST(ratio <= 4.5);
}

// dx/dt = A x + c with A = (W − I)/τ, c = b/τ: x(T) = e^{AT} x0 + A⁻¹ (e^{AT} − I) c.
// Heun is second order on the coupled system only if the projection is recomputed from the
// predicted state and the external input is present in both evaluations.
BOOST_AUTO_TEST_CASE(linear_network_converges_to_the_matrix_exponential_at_second_order) {
    const arma::mat W = {{0.5, -1.2}, {0.9, -0.3}};
    const arma::vec x0 = {1.0, 0.5}, bias = {0.4, -0.2};
    const double tau = 1.0, T = 2.0;
    const arma::mat A = (W - arma::eye(2, 2)) / tau;
    const arma::mat E = arma::expmat(A * T);
    const arma::vec exact = E * x0 + arma::solve(A, (E - arma::eye(2, 2)) * (bias / tau));

    double errors[2], euler_errors[2];
    for (int k = 0; k < 2; ++k) {
        const double dt = 0.02 / (1 << k);
        const auto steps = static_cast<std::uint64_t>(std::llround(T / dt));
        errors[k] = arma::norm(heun_linear(W, x0, bias, tau, dt, steps) - exact, "inf");
        euler_errors[k] = arma::norm(heun_linear(W, x0, bias, tau, dt, steps, solver::euler) - exact, "inf");
        BOOST_TEST_MESSAGE("dt = " << dt << ": heun error " << errors[k] << ", euler error " << euler_errors[k]);
        BOOST_TEST(errors[k] < 0.05 * euler_errors[k]);   // measured: about 1/94 and 1/187
    }
    const double ratio = errors[0] / errors[1];
    BOOST_TEST_MESSAGE("heun error ratio dt / (dt/2): " << ratio);
    BOOST_TEST(ratio >= 3.5);
    BOOST_TEST(ratio <= 4.5);
    // Euler stays first order: the comparison is not vacuous.
    const double euler_ratio = euler_errors[0] / euler_errors[1];
    BOOST_TEST(euler_ratio >= 1.8);
    BOOST_TEST(euler_ratio <= 2.2);
}

// The same network with the coupling routed through an identity function node.
BOOST_AUTO_TEST_CASE(coupling_through_a_function_node_stays_second_order) {
    const arma::mat W = {{0.5, -1.2}, {0.9, -0.3}};
    const arma::vec x0 = {1.0, 0.5}, bias = {0.4, -0.2};
    const double T = 2.0;
    const arma::mat A = W - arma::eye(2, 2);
    const arma::mat E = arma::expmat(A * T);
    const arma::vec exact = E * x0 + arma::solve(A, (E - arma::eye(2, 2)) * bias);
    double errors[2];
    for (int k = 0; k < 2; ++k) {
        const double dt = 0.02 / (1 << k);
        const auto steps = static_cast<std::uint64_t>(std::llround(T / dt));
        const arma::vec direct = heun_linear(W, x0, bias, 1.0, dt, steps);
        const arma::vec routed = heun_linear(W, x0, bias, 1.0, dt, steps, solver::heun, true);
        BOOST_TEST(arma::norm(routed - direct, "inf") < 1e-12);
        errors[k] = arma::norm(routed - exact, "inf");
    }
    const double ratio = errors[0] / errors[1];
    BOOST_TEST(ratio >= 3.5);
    BOOST_TEST(ratio <= 4.5);
}

// rk4 on the same network: the projection is redelivered from the state of each stage and the
// external input is present in all four, or the order drops. Errors fall by 2⁴ per halving.
BOOST_AUTO_TEST_CASE(rk4_on_a_coupled_network_is_fourth_order) {
    const arma::mat W = {{0.5, -1.2}, {0.9, -0.3}};
    const arma::vec x0 = {1.0, 0.5}, bias = {0.4, -0.2};
    const double tau = 1.0, T = 2.0;
    const arma::mat A = (W - arma::eye(2, 2)) / tau;
    const arma::mat E = arma::expmat(A * T);
    const arma::vec exact = E * x0 + arma::solve(A, (E - arma::eye(2, 2)) * (bias / tau));
    double errors[2];
    for (int k = 0; k < 2; ++k) {
        const double dt = 0.1 / (1 << k);
        const auto steps = static_cast<std::uint64_t>(std::llround(T / dt));
        errors[k] = arma::norm(heun_linear(W, x0, bias, tau, dt, steps, solver::rk4) - exact, "inf");
        const double heun = arma::norm(heun_linear(W, x0, bias, tau, dt, steps) - exact, "inf");
        const double routed = arma::norm(heun_linear(W, x0, bias, tau, dt, steps, solver::rk4, true) - exact, "inf");
        BOOST_TEST_MESSAGE("dt = " << dt << ": rk4 error " << errors[k] << ", heun " << heun);
        BOOST_TEST(errors[k] < 0.01 * heun);
        BOOST_TEST(std::abs(routed - errors[k]) < 1e-12);   // through a function node, the same
    }
    const double ratio = errors[0] / errors[1];
    BOOST_TEST_MESSAGE("rk4 error ratio dt / (dt/2): " << ratio);
    BOOST_TEST(ratio >= 14.0);
    BOOST_TEST(ratio <= 18.0);
}

BOOST_AUTO_TEST_CASE(heun_is_refused_for_a_spiking_population) {
    Program p;
    p.dt = 0.1;
    p.steps = 10;
    p.method = solver::heun;
    p.populations.push_back(make_lif("lif_exc", 3, Lif{}));
    try {
        Simulator sim(std::move(p));
        BOOST_FAIL("heun with a spiking population was accepted");
    } catch (const neurowire::config_error& e) {
        const std::string what = e.what();
        BOOST_TEST_MESSAGE(what);
        BOOST_TEST(what.find("lif_exc") != std::string::npos);
        BOOST_TEST(what.find("heun") != std::string::npos);
        BOOST_TEST(e.key_path == "populations.lif_exc");
    }
}

BOOST_AUTO_TEST_SUITE_END()
