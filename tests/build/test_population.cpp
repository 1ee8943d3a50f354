// Per-unit values and populations.
#include <boost/test/unit_test.hpp>

#include "spec/template_file.hpp"
#include "build/population.hpp"
#include "build/unit_values.hpp"
#include "core/error.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::load_template;

BOOST_AUTO_TEST_SUITE(population)

BOOST_AUTO_TEST_CASE(scalars_stay_scalar_and_lists_are_checked) {
    const DrawKey key{};
    BOOST_TEST(resolve_unit_values(UnitValues(2.5), 10, key, "p").size() == 1u);
    BOOST_TEST(resolve_unit_values(UnitValues::list({1, 2, 3}), 3, key, "p")[2] == 3.0);
    BOOST_CHECK_THROW(resolve_unit_values(UnitValues::list({1, 2}), 3, key, "p"), config_error);
}

BOOST_AUTO_TEST_CASE(distributions_draw_per_unit_streams) {
    connect::Value u;
    u.kind = connect::value_kind::uniform;
    u.low = 8.0;
    u.high = 12.0;
    const DrawKey key{7, rng::purpose::params, 0, 3};
    const auto a = resolve_unit_values(UnitValues::drawn(u), 1000, key, "tau");
    BOOST_REQUIRE_EQUAL(a.size(), 1000u);
    for (double x : a) BOOST_TEST((x >= 8.0 && x < 12.0));
    // Unit i's value does not depend on the population size: it has its own stream.
    const auto b = resolve_unit_values(UnitValues::drawn(u), 10, key, "tau");
    for (std::size_t i = 0; i < b.size(); ++i) BOOST_TEST(a[i] == b[i]);
    // Another variable draws from other streams.
    const auto c = resolve_unit_values(UnitValues::drawn(u), 10, DrawKey{7, rng::purpose::params, 0, 4}, "k");
    BOOST_TEST(c[0] != a[0]);
    // The known answer of the key: unit 5 draws from stream (7, params, 0·4096 + 3, 5).
    auto g = rng::stream(7, rng::purpose::params, 3, 5);
    BOOST_TEST(a[5] == rng::uniform(g, 8.0, 12.0));

    connect::Value n;
    n.kind = connect::value_kind::normal;
    n.mean = -55.0;
    n.std = 2.0;
    n.max = -54.0;
    const auto v = resolve_unit_values(UnitValues::drawn(n), 2000, key, "v");
    double mean = 0.0;
    for (double x : v) {
        BOOST_TEST(x <= -54.0);
        mean += x / v.size();
    }
    BOOST_TEST(mean < -55.0);
    connect::Value d;
    d.kind = connect::value_kind::distance;
    BOOST_CHECK_THROW(resolve_unit_values(UnitValues::drawn(d), 3, key, "x"), config_error);
}

BOOST_AUTO_TEST_CASE(populations_check_parameter_and_state_names) {
    Population p("e", load_template("neural_mass_models.wilsoncowan.exc_pop"), 4);
    BOOST_CHECK_NO_THROW(p.set_param("tau", UnitValues::list({8, 9, 10, 11})));
    BOOST_CHECK_NO_THROW(p.set_init("r", 0.1));
    try {
        p.set_param("tua", 1.0);
        BOOST_FAIL("no error");
    } catch (const config_error& e) {
        BOOST_TEST(e.key_path == "populations.e.params.tua");
        BOOST_TEST(e.expected.find("tau") != std::string::npos);
    }
    BOOST_CHECK_THROW(p.set_init("m", 0.0), config_error);   // assigned, not a state
    BOOST_TEST(p.state_names() == (std::vector<std::string>{"r"}), boost::test_tools::per_element());
    BOOST_TEST(p.param_names().size() == 4u);
    BOOST_TEST(p.is_readable("r"));
    BOOST_TEST(p.is_readable("m"));
    BOOST_TEST(!p.is_readable("tau"));
}

BOOST_AUTO_TEST_CASE(function_nodes) {
    for (const char* f : {"identity", "sigmoid", "tanh", "relu", "softmax"})
        BOOST_TEST(node_function_name(parse_node_function(f)) == f);
    BOOST_CHECK_THROW(parse_node_function("softmin"), config_error);
    const auto p = Population::function_node("readout", sim::node_function::softmax, 3);
    BOOST_TEST(p.input_names() == (std::vector<std::string>{"in"}), boost::test_tools::per_element());
    BOOST_TEST(p.output() == "out");
    BOOST_TEST(!p.spiking());
}

BOOST_AUTO_TEST_SUITE_END()
