// Runs that used to go wrong quietly or forever: a function node fed NaN ran to the end, a
// Poisson input of rate 1e300 spun in its first step, a step count beyond 2^63 wrapped, an
// absurd thread count crashed inside libgomp. Built with the library API, run by the Simulator.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "build/network.hpp"
#include "build/population.hpp"
#include "core/error.hpp"
#include "sim/runner.hpp"

using namespace neurowire;
using namespace neurowire::build;

namespace {

// A node of 3 units fed, step by step, by an input array of 0.5; NaN at (step 4, unit 1).
Network function_node_fed_nan(sim::node_function f, bool nan = true) {
    Network net(1);
    net.add(Population::function_node("f", f, 3));
    sim::Input in;
    in.kind = sim::input_kind::array;
    in.data.zeros(10, 3);
    in.data.fill(0.5);
    if (nan) in.data(4, 1) = std::numeric_limits<double>::quiet_NaN();
    net.add_input({"f", in});
    net.settings.dt = 1.0;
    net.settings.duration = 10.0;
    return net;
}

Network poisson_into(double rate) {
    Network net(1);
    net.add(Population::function_node("f", sim::node_function::identity, 2));
    sim::Input in;
    in.kind = sim::input_kind::poisson;
    in.rate = rate;
    in.weight = 1.0;
    net.add_input({"f", in});
    net.settings.dt = 1e-3;
    net.settings.duration = 1.0;
    return net;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_runs)

BOOST_AUTO_TEST_CASE(a_function_node_whose_input_becomes_nan_stops_the_run) {
    for (const auto f : {sim::node_function::identity, sim::node_function::relu, sim::node_function::softmax,
                         sim::node_function::sigmoid, sim::node_function::tanh}) {
        sim::Simulator s(function_node_fed_nan(f).compile());
        try {
            s.run();
            BOOST_FAIL("the run went on past the NaN (" << node_function_name(f) << ")");
        } catch (const sim::nonfinite_error& e) {
            BOOST_TEST(e.population == "f");
            BOOST_TEST(e.step == 4u);
            // softmax spreads one unit's NaN over all of them; the others name unit 1 itself.
            if (f != sim::node_function::softmax) BOOST_TEST(e.unit == 1u);
            BOOST_TEST(std::isnan(e.value));
        }
        BOOST_TEST(s.steps_done() == 4u);   // the steps before are kept for the recording
    }
    // Finite inputs run to the end.
    Network fine = function_node_fed_nan(sim::node_function::relu, false);
    sim::Simulator ok(fine.compile());
    BOOST_CHECK_NO_THROW(ok.run());
}

BOOST_AUTO_TEST_CASE(absurd_poisson_rates_are_refused_before_the_run) {
    BOOST_CHECK_EXCEPTION(poisson_into(1e300).compile(), config_error, [](const config_error& e) {
        return e.key_path.find("inputs[0]") == 0 && std::string(e.what()).find("rate × dt <= 1000") != std::string::npos;
    });
    BOOST_CHECK_THROW(poisson_into(std::numeric_limits<double>::infinity()).compile(), config_error);
    // 1000 events per step is the limit, and it runs (and gives about that many events).
    Network high = poisson_into(1e6);
    high.record({"f/out", {}, 1, true});
    sim::Simulator s(high.compile());
    BOOST_CHECK_NO_THROW(s.run());
}

BOOST_AUTO_TEST_CASE(more_steps_than_2_to_the_53_are_refused_when_compiling) {
    Network net = poisson_into(1.0);
    net.settings.duration = 1e300;
    BOOST_CHECK_EXCEPTION(net.compile(), config_error, [](const config_error& e) {
        return e.key_path == "duration" && std::string(e.what()).find("2^53") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(the_runner_bounds_its_thread_count) {
    sim::RunOptions options;
    options.threads = 100000;
    BOOST_CHECK_EXCEPTION(sim::Simulator(poisson_into(1.0).compile(), options), config_error,
                          [](const config_error& e) { return e.key_path == "threads"; });
}

BOOST_AUTO_TEST_SUITE_END()
