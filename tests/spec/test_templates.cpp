// The template library against docs/models.md, and the template loader's errors.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "spec/template_file.hpp"
#include "build/template_paths.hpp"
#include "build/templates.hpp"
#include "core/error.hpp"

using namespace neurowire;
using namespace neurowire::build;
using neurowire::spec::load_template;
using neurowire::spec::parse_template;
using neurowire::spec::template_names;

namespace {

void check_values(const std::vector<NamedValue>& got, const std::vector<NamedValue>& want) {
    BOOST_TEST_CONTEXT("values") {
        BOOST_REQUIRE_EQUAL(got.size(), want.size());
        for (const auto& w : want) {
            auto it = std::find_if(got.begin(), got.end(), [&](const NamedValue& v) { return v.name == w.name; });
            BOOST_TEST_INFO("name " << w.name);
            BOOST_REQUIRE(it != got.end());
            BOOST_TEST(it->value == w.value);
        }
    }
}

std::string error_of(const std::string& yaml, const std::string& name) {
    try {
        parse_template(yaml, name, "t.yaml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(templates)

BOOST_AUTO_TEST_CASE(wilson_cowan_exc_pop_matches_pyrates) {
    const auto t = load_template("neural_mass_models.wilsoncowan.exc_pop");
    check_values(t.params, {{"s", 1.0}, {"theta", 2.0}, {"k", 1.0}, {"tau", 10.0}});
    check_values(t.state, {{"r", 0.0}});
    BOOST_TEST(t.inputs == (std::vector<std::string>{"r_in", "r_ext"}), boost::test_tools::per_element());
    BOOST_TEST(t.output == "r");
    BOOST_TEST(t.equations.size() == 2u);
    BOOST_TEST(t.has_assigned("m"));
    BOOST_TEST(!t.spiking());
}

BOOST_AUTO_TEST_CASE(wilson_cowan_inh_pop_overrides_theta_and_s) {
    const auto t = load_template("neural_mass_models.wilsoncowan.inh_pop");
    check_values(t.params, {{"s", 2.0}, {"theta", 2.5}, {"k", 1.0}, {"tau", 10.0}});
    const auto e = load_template("neural_mass_models.wilsoncowan.exc_pop");
    BOOST_TEST(t.equations == e.equations, boost::test_tools::per_element());
    BOOST_TEST(t.inputs == e.inputs, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(leaky_integrators_match_rectipy) {
    const auto t = load_template("rate_neurons.leaky_integrator.tanh");
    check_values(t.params, {{"tau", 10.0}, {"k", 1.0}, {"eta", 0.0}});
    check_values(t.state, {{"v", 0.0}});
    BOOST_TEST(t.inputs == (std::vector<std::string>{"r_in", "I_ext"}), boost::test_tools::per_element());
    BOOST_TEST(t.output == "r");
    const auto s = load_template("rate_neurons.leaky_integrator.sigmoid");
    check_values(s.params, {{"tau", 10.0}, {"k", 1.0}, {"eta", 0.0}, {"r_max", 1.0}, {"s", 1.0}, {"v0", 0.0}});
    BOOST_TEST(s.output == "r");
}

BOOST_AUTO_TEST_CASE(lif_matches_rectipy) {
    const auto t = load_template("spiking_neurons.lif.lif");
    check_values(t.params, {{"tau", 10.0}, {"k", 1.0}, {"eta", 0.0}, {"tau_s", 0.5}, {"v_th", 100.0}, {"v_reset", -100.0}});
    check_values(t.state, {{"v", 0.0}, {"s", 0.0}});
    BOOST_TEST(t.output == "s");
    BOOST_REQUIRE(t.spiking());
    BOOST_TEST(t.spike->when == "v >= v_th");
    BOOST_REQUIRE_EQUAL(t.spike->add.size(), 1u);
    BOOST_TEST(t.spike->add[0].first == "s");
    BOOST_TEST(t.spike->add[0].second == "1.0");
    BOOST_TEST(t.spike->refractory.empty());
}

BOOST_AUTO_TEST_CASE(qif_matches_rectipy) {
    const auto t = load_template("spiking_neurons.qif.qif");
    check_values(t.params, {{"tau", 1.0}, {"k", 1.0}, {"tau_s", 1.0}, {"eta", -5.0}, {"v_th", 100.0}, {"v_reset", -100.0}});
    check_values(t.state, {{"v", -2.0}, {"s", 0.0}});
    BOOST_TEST(t.inputs == (std::vector<std::string>{"s_in", "I_ext"}), boost::test_tools::per_element());
    BOOST_TEST(t.output == "s");
    BOOST_TEST(t.spiking());
}

BOOST_AUTO_TEST_CASE(coba_lif_matches_the_benchmark_table) {
    const auto t = load_template("spiking_neurons.lif_coba.lif");
    check_values(t.params, {{"v_rest", -60.0}, {"v_th", -50.0}, {"v_reset", -60.0}, {"tau", 20.0}, {"tau_ref", 5.0},
                            {"E_e", 0.0}, {"E_i", -80.0}, {"tau_e", 5.0}, {"tau_i", 10.0}});
    check_values(t.state, {{"v", -60.0}, {"g_e", 0.0}, {"g_i", 0.0}});
    BOOST_REQUIRE(t.spiking());
    BOOST_TEST(t.spike->refractory == "tau_ref");
    BOOST_REQUIRE_EQUAL(t.spike->reset.size(), 1u);
    BOOST_TEST(t.spike->reset[0].first == "v");
    BOOST_TEST(t.spike->reset[0].second == "v_reset");
}

BOOST_AUTO_TEST_CASE(every_library_file_loads) {
    for (const char* file : {"neural_mass_models/wilsoncowan", "rate_neurons/leaky_integrator", "spiking_neurons/lif",
                             "spiking_neurons/qif", "spiking_neurons/lif_coba"}) {
        const auto path = std::filesystem::path(NEUROWIRE_SOURCE_DIR) / "templates" / (std::string(file) + ".yaml");
        std::string dotted = file;
        std::replace(dotted.begin(), dotted.end(), '/', '.');
        for (const auto& name : template_names(path)) BOOST_CHECK_NO_THROW(load_template(dotted + "." + name));
    }
}

BOOST_AUTO_TEST_CASE(path_references_and_env_directory) {
    const auto dir = std::filesystem::temp_directory_path() / "neurowire_test_templates";
    std::filesystem::create_directories(dir / "mine");
    std::ofstream(dir / "mine" / "models.yaml") << "leaky:\n  base: rate_neurons.leaky_integrator.tanh\n  params: {tau: 5.0}\n";
    const auto t = load_template((dir / "mine" / "models.yaml").string() + ":leaky");
    BOOST_TEST(t.param("tau") == 5.0);
    BOOST_TEST(t.param("k") == 1.0);
    ::setenv("NEUROWIRE_TEMPLATES", dir.string().c_str(), 1);
    BOOST_TEST(load_template("mine.models.leaky").param("tau") == 5.0);
    BOOST_TEST(template_directories().front() == std::filesystem::weakly_canonical(dir));
    ::unsetenv("NEUROWIRE_TEMPLATES");
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(errors_name_file_line_and_key_path) {
    const std::string unknown = "m:\n  equations: [d/dt x = -x]\n  state: {x: 0}\n  output: x\n  colour: red\n";
    const std::string e1 = error_of(unknown, "m");
    BOOST_TEST_INFO(e1);
    BOOST_TEST(e1.find("t.yaml:5") != std::string::npos);
    BOOST_TEST(e1.find("colour") != std::string::npos);

    const std::string bad_ode = "m:\n  equations:\n    - d/dt y = -x\n  state: {x: 0}\n  output: x\n";
    const std::string e2 = error_of(bad_ode, "m");
    BOOST_TEST_INFO(e2);
    BOOST_TEST(e2.find("m.equations[0]") != std::string::npos);
    BOOST_TEST(e2.find("'y'") != std::string::npos);

    const std::string bad_type = "m:\n  equations: [d/dt x = -x]\n  state: {x: fast}\n  output: x\n";
    const std::string e3 = error_of(bad_type, "m");
    BOOST_TEST_INFO(e3);
    BOOST_TEST(e3.find("t.yaml:3") != std::string::npos);
    BOOST_TEST(e3.find("m.state.x") != std::string::npos);

    const std::string cycle = "a:\n  base: b\nb:\n  base: a\n";
    BOOST_TEST(error_of(cycle, "a").find("extends itself") != std::string::npos);

    const std::string bad_output = "m:\n  equations: [d/dt x = -x]\n  state: {x: 0}\n  output: z\n";
    BOOST_TEST(error_of(bad_output, "m").find("m.output") != std::string::npos);

    BOOST_CHECK_THROW(load_template("no_such_family.model.x"), config_error);
    BOOST_CHECK_THROW(load_template("neural_mass_models.wilsoncowan.nope"), config_error);
}

BOOST_AUTO_TEST_CASE(equation_targets) {
    bool ode = false;
    BOOST_TEST(equation_target("d/dt v = -v/tau", &ode) == "v");
    BOOST_TEST(ode);
    BOOST_TEST(equation_target("m = sigmoid(x)", &ode) == "m");
    BOOST_TEST(!ode);
    BOOST_TEST(equation_target("v >= v_th").empty());
    BOOST_TEST(equation_target("= 3").empty());
}

BOOST_AUTO_TEST_SUITE_END()
