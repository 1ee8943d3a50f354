// Specs written as an attacker would: repeated keys, over-long names, values beyond float32,
// step counts beyond 2^53, files that are not regular files, errors raised after parsing. Each
// must be refused with a config_error naming the file, the line and the key path.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "build/network.hpp"
#include "core/error.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/from_tree.hpp"
#include "spec/network_spec.hpp"
#include "spec/template_file.hpp"

using namespace neurowire;
namespace fs = std::filesystem;

namespace {

const char* const network_head = R"(dt: 0.001
duration: 0.01
populations:
  e:
    model: neural_mass_models.wilsoncowan.exc_pop
    size: 4
)";

const char* const connectome_head = R"(populations:
  a:
    size: 10
  b:
    size: 10
projections:
  - source: a
    target: b
    rule: {kind: pairwise_bernoulli, p: 0.5}
)";

config_error network_error(const std::string& text) {
    try {
        spec::parse_network(text, std::nullopt, "net.yaml");
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("the network spec was accepted");
    throw;
}

config_error connectome_error(const std::string& text) {
    try {
        spec::parse_connectome_spec_text(text, "conn.yaml");
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("the connectome spec was accepted");
    throw;
}

bool has(const config_error& e, const std::string& text) {
    const bool found = std::string(e.what()).find(text) != std::string::npos;
    if (!found) BOOST_TEST_MESSAGE("message: " << e.what());
    return found;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("nw-hostile-spec-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_specs)

BOOST_AUTO_TEST_CASE(a_repeated_param_or_init_key_is_refused_at_its_line) {
    // yaml-cpp keeps both entries; walking the map used to let the last one win silently.
    const config_error p = network_error(std::string(network_head) + "    params: {tau: 1.0, tau: 2.0}\n");
    BOOST_TEST(p.file == "net.yaml");
    BOOST_TEST(p.line == 7u);
    BOOST_TEST(p.key_path == "populations.e.params.tau");
    BOOST_TEST(has(p, "a repeated key 'tau'"));
    const config_error i = network_error(std::string(network_head) + "    init:\n      r: 0.1\n      r: 0.2\n");
    BOOST_TEST(i.line == 9u);
    BOOST_TEST(i.key_path == "populations.e.init.r");
}

BOOST_AUTO_TEST_CASE(repeated_keys_are_refused_in_every_map_of_both_specs) {
    // A nested map the parsers read by lookup (first one wins) and a top-level key.
    const config_error k = connectome_error(std::string(connectome_head) +
                                            "    weight: {kind: uniform, low: 0, high: 1, high: 2}\n");
    BOOST_TEST(k.line == 10u);
    BOOST_TEST(k.key_path == "projections[0].weight.high");
    const config_error top = network_error(std::string(network_head) + "duration: 0.5\n");
    BOOST_TEST(top.key_path == "duration");
    BOOST_TEST(top.line == 7u);
}

BOOST_AUTO_TEST_CASE(a_tree_with_a_repeated_key_is_refused_as_yaml_would_be) {
    spec::Tree params = spec::Tree::map();
    params.set("tau", spec::Tree::real(1.0)).set("tau", spec::Tree::real(2.0));
    spec::Tree pop = spec::Tree::map();
    pop.set("model", spec::Tree::string("neural_mass_models.wilsoncowan.exc_pop"))
        .set("size", spec::Tree::integer(3))
        .set("params", params);
    build::Network net(0);
    BOOST_CHECK_EXCEPTION(spec::population_from_tree("e", pop, net), config_error, [](const config_error& e) {
        return e.key_path == "params.tau" && has(e, "repeated key");
    });
}

BOOST_AUTO_TEST_CASE(a_variable_recorded_twice_is_refused_before_any_run) {
    // "e" records e's output r: the same array as "e/r", which the recording could not hold twice.
    const config_error e = network_error(std::string(network_head) + "record:\n  variables: [e/r, e]\n");
    BOOST_TEST(e.line == 8u);
    BOOST_TEST(e.key_path == "record.variables[1]");
    BOOST_TEST(has(e, "each variable recorded once"));
    BOOST_TEST(has(e, "named e.r"));
    // The library refuses it the same way (the Python Network calls this).
    build::Network net = spec::parse_network(network_head, std::nullopt, "net.yaml");
    net.record({"e/r", {}, 1, false});
    BOOST_CHECK_THROW(net.record({"e", {0}, 2, false}), config_error);
}

BOOST_AUTO_TEST_CASE(names_longer_than_the_limit_are_refused_at_parse_time) {
    const std::string name(256, 'p');
    const config_error pop = connectome_error("populations:\n  " + name + ":\n    size: 3\n");
    BOOST_TEST(pop.line == 2u);
    BOOST_TEST(has(pop, "at most 64 characters"));
    BOOST_TEST(has(pop, "a name of 256 characters"));
    const config_error proj = connectome_error(std::string(connectome_head) + "    name: " + name + "\n");
    BOOST_TEST(proj.key_path == "projections[0].name");
    BOOST_TEST(proj.line == 10u);
    const config_error net = network_error("dt: 0.001\nduration: 0.01\npopulations:\n  " + name +
                                           ":\n    function: identity\n    size: 2\n");
    BOOST_TEST(net.line == 4u);
    BOOST_TEST(has(net, "at most 64 characters"));
    // 64 characters are fine.
    BOOST_CHECK_NO_THROW(spec::parse_connectome_spec_text("populations:\n  " + std::string(64, 'p') + ":\n    size: 3\n"));
}

BOOST_AUTO_TEST_CASE(weights_and_delays_beyond_float32_are_refused_with_the_key) {
    const config_error w = connectome_error(std::string(connectome_head) + "    weight: -1e300\n");
    BOOST_TEST(w.key_path == "projections[0].weight");
    BOOST_TEST(w.line == 10u);
    BOOST_TEST(has(w, "fits float32"));
    const config_error d = connectome_error(std::string(connectome_head) + "    delay: {kind: uniform, low: 0, high: 4e38}\n");
    BOOST_TEST(d.key_path == "projections[0].delay.high");
    const config_error net = network_error(std::string(network_head) + R"(projections:
  - {source: e/r, target: e/r_in, weights: 1e39}
)");
    BOOST_TEST(net.key_path == "projections[0].weights");
    BOOST_TEST(net.line == 8u);
    // float32's largest value itself is accepted.
    BOOST_CHECK_NO_THROW(spec::parse_connectome_spec_text(std::string(connectome_head) + "    weight: 3.4e38\n"));
}

BOOST_AUTO_TEST_CASE(a_duration_of_more_than_2_to_the_53_steps_is_refused_at_its_line) {
    const config_error e = network_error("dt: 1.0e-3\nduration: 1.0e300\npopulations:\n  f:\n    function: identity\n    size: 1\n");
    BOOST_TEST(e.line == 2u);
    BOOST_TEST(e.key_path == "duration");
    BOOST_TEST(has(e, "at most 2^53 steps"));
    // Built in code, the settings are refused when compiled.
    build::RunSettings s;
    s.dt = 1e-300;
    s.duration = 1.0;
    BOOST_CHECK_THROW((void)s.steps(), config_error);
    s.dt = 1.0;
    s.duration = 9007199254740992.0;   // exactly 2^53 steps: allowed
    BOOST_TEST(s.steps() == 9007199254740992ull);
}

BOOST_AUTO_TEST_CASE(errors_raised_when_compiling_name_the_spec_file_and_line) {
    // The Poisson rate is checked against dt when the program is built: after parsing.
    TempDir dir;
    const fs::path file = dir.path / "poisson.yaml";
    std::ofstream(file) << network_head << "inputs:\n  - {target: e/r_ext, poisson: {rate: 1.0e300, weight: 1.0}}\n";
    build::Network net = spec::load_network(file, std::nullopt);
    try {
        (void)std::move(net).compile();
        BOOST_FAIL("compiled");
    } catch (const config_error& e) {
        BOOST_TEST(e.file == file.string());
        BOOST_TEST(e.line == 8u);
        BOOST_TEST(has(e, "inputs[0]"));
        BOOST_TEST(has(e, "rate × dt <= 1000"));
    }
}

BOOST_AUTO_TEST_CASE(aliases_that_expand_beyond_bounds_are_refused) {
    // "Billion laughs": eight levels of ten aliases stand for 10^8 values in 400 bytes.
    std::string text = "l0: &l0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
    for (int level = 1; level <= 8; ++level) {
        const std::string prev = "*l" + std::to_string(level - 1);
        text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
        for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + prev;
        text += "]\n";
    }
    const config_error e = connectome_error(text);
    BOOST_TEST(has(e, "at most 2^24 values"));
}

BOOST_AUTO_TEST_CASE(a_map_used_as_a_key_is_a_config_error_not_a_yaml_exception) {
    // Found by fuzz_template (fuzz/regressions/template/): yaml-cpp's BadConversion escaped.
    const std::string text = "m:\n  equations: [d/dt v = -v / tau]\n  state: {v: 0}\n"
                             "  params: {tau: 1.0, {v: v_reset}: 2}\n  output: v\n";
    BOOST_CHECK_EXCEPTION(spec::parse_template(text, "m", "m.yaml"), config_error, [](const config_error& e) {
        return e.file == "m.yaml" && e.line == 4u && e.key_path.find("params") != std::string::npos;
    });
    const std::string state = "m:\n  equations: [d/dt v = -v]\n  state: {[v]: 0}\n  output: v\n";
    BOOST_CHECK_THROW(spec::parse_template(state, "m", "m.yaml"), config_error);
}

BOOST_AUTO_TEST_CASE(a_directory_a_fifo_or_a_device_is_refused_before_reading) {
    TempDir dir;
    const fs::path fifo = dir.path / "spec.yaml";
    BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    for (const fs::path& p : {dir.path, fifo, fs::path("/dev/zero")}) {
        BOOST_CHECK_EXCEPTION(spec::parse_connectome_spec(p), config_error, [&](const config_error& e) {
            return e.file == p.string() && has(e, "a YAML file (a regular file)");
        });
        BOOST_CHECK_THROW(spec::load_network(p, std::nullopt), config_error);
    }
}

BOOST_AUTO_TEST_CASE(an_oversized_spec_is_refused_from_its_length) {
    TempDir dir;
    const fs::path big = dir.path / "big.yaml";
    {
        std::ofstream out(big);
        out << "populations: {a: {size: 1}}\n";
    }
    fs::resize_file(big, (std::uintmax_t{64} << 20) + 1);   // sparse: no disk is used
    BOOST_CHECK_EXCEPTION(spec::parse_connectome_spec(big), config_error,
                          [](const config_error& e) { return has(e, "at most 64 MiB"); });
}

BOOST_AUTO_TEST_SUITE_END()
