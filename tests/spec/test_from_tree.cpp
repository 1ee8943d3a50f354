// Specs as value trees: the conversion to YAML text (reals exact and as written), and the same
// results and messages as the YAML text of the same structure.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/from_tree.hpp"
#include "spec/materialise.hpp"
#include "spec/tree.hpp"
#include "spec/tree_yaml.hpp"

namespace ns = neurowire::spec;
using neurowire::config_error;
using ns::Tree;

namespace {

Tree pair(double a, double b) { return Tree::list({Tree::real(a), Tree::real(b)}); }

// The spec of `yaml_text` below, as a tree.
Tree sheet_tree(double sigma) {
    Tree positions = Tree::map();
    positions.set("kind", Tree::string("uniform")).set("extent", Tree::list({pair(0, 1), pair(0, 1)}));
    positions.set("periodic", Tree::boolean(true));
    Tree exc = Tree::map();
    exc.set("size", Tree::integer(300)).set("positions", positions);
    Tree pops = Tree::map();
    pops.set("exc", exc);
    Tree rule = Tree::map();
    rule.set("kind", Tree::string("fixed_indegree")).set("k", Tree::integer(8));
    Tree kernel = Tree::map();
    kernel.set("kind", Tree::string("gaussian")).set("sigma", Tree::real(sigma));
    Tree proj = Tree::map();
    proj.set("source", Tree::string("exc")).set("target", Tree::string("exc")).set("rule", rule).set("kernel", kernel);
    Tree root = Tree::map();
    root.set("seed", Tree::integer(5)).set("populations", pops).set("projections", Tree::list({proj}));
    return root;
}

std::string yaml_text(const std::string& sigma) {
    return "seed: 5\npopulations:\n  exc:\n    size: 300\n"
           "    positions: {kind: uniform, extent: [[0, 1], [0, 1]], periodic: true}\n"
           "projections:\n  - {source: exc, target: exc, rule: {kind: fixed_indegree, k: 8}, "
           "kernel: {kind: gaussian, sigma: " + sigma + "}}\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reals_read_back_exactly_and_as_written) {
    for (double x : {0.1, 1.0 / 3.0, 1e-300, 6.02214076e23, -2.5, 1e16, 0.0, 5e-324}) {
        const std::string text = ns::real_text(x);
        BOOST_TEST(std::strtod(text.c_str(), nullptr) == x, text);
    }
    BOOST_TEST(ns::real_text(0.1) == "0.1");
    BOOST_TEST(ns::real_text(3.0) == "3.0");
    BOOST_TEST(ns::real_text(std::numeric_limits<double>::infinity()) == ".inf");
    BOOST_TEST(ns::real_text(std::nan("")) == ".nan");
}

BOOST_AUTO_TEST_CASE(maps_keep_insertion_order_and_repeats) {
    Tree m = Tree::map();
    m.set("b", Tree::integer(1)).set("a", Tree::boolean(false)).set("b", Tree());
    const YAML::Node n = ns::to_yaml(m);
    std::string keys;
    for (const auto& kv : n) keys += kv.first.Scalar();
    BOOST_TEST(keys == "bab");
    BOOST_TEST(n.size() == 3u);
    BOOST_TEST(m.find("a")->as_bool() == false);
    BOOST_TEST(m.find("c") == nullptr);
}

BOOST_AUTO_TEST_CASE(tree_spec_equals_yaml_spec) {
    const ns::ConnectomeSpec a = ns::connectome_spec_from_tree(sheet_tree(0.1));
    const ns::ConnectomeSpec b = ns::parse_connectome_spec_text(yaml_text("0.1"));
    BOOST_TEST(a.file == "<dict>");
    BOOST_TEST(a.seed == b.seed);
    BOOST_TEST(a.populations.at(0).positions.periodic == b.populations.at(0).positions.periodic);
    BOOST_TEST(a.projections.at(0).projection.kernel.sigma == b.projections.at(0).projection.kernel.sigma);
    BOOST_TEST(a.projections.at(0).projection.rule.k == 8u);
}

BOOST_AUTO_TEST_CASE(tree_errors_equal_yaml_errors) {
    config_error from_tree("", "", ""), from_yaml("", "", "");
    try {
        ns::connectome_spec_from_tree(sheet_tree(-0.5));
    } catch (const config_error& e) {
        from_tree = e;
    }
    try {
        ns::parse_connectome_spec_text(yaml_text("-0.5"));
    } catch (const config_error& e) {
        from_yaml = e;
    }
    BOOST_TEST(from_tree.key_path == "projections[0].kernel.sigma");
    BOOST_TEST(from_tree.key_path == from_yaml.key_path);
    BOOST_TEST(from_tree.expected == from_yaml.expected);
    BOOST_TEST(from_tree.found == from_yaml.found);
    BOOST_TEST(from_tree.line == 0u);
    BOOST_TEST(from_yaml.line == 7u);
}

BOOST_AUTO_TEST_CASE(connection_pieces_are_checked_against_both_sides) {
    Tree pieces = Tree::map();
    Tree rule = Tree::map();
    rule.set("kind", Tree::string("fixed_outdegree")).set("k", Tree::integer(11));
    pieces.set("rule", rule);
    const ns::PopulationSpec source = ns::population_geometry("pre", 5, nullptr);
    const ns::PopulationSpec target = ns::population_geometry("post", 10, nullptr);
    BOOST_CHECK_EXCEPTION(ns::connection_from_tree(pieces, source, target, false), config_error,
                          [](const config_error& e) { return e.key_path == "rule.k" && e.found == "11"; });
    Tree ok = Tree::map();
    Tree k10 = Tree::map();
    k10.set("kind", Tree::string("fixed_outdegree")).set("k", Tree::integer(10));
    ok.set("rule", k10).set("weight", Tree::real(0.5));
    const auto p = ns::connection_from_tree(ok, source, target, false);
    BOOST_TEST(p.rule.k == 10u);
    BOOST_TEST(p.weight.value == 0.5);
    Tree kernel = Tree::map();
    kernel.set("kind", Tree::string("gaussian")).set("sigma", Tree::real(1.0));
    ok.set("kernel", kernel);
    BOOST_CHECK_EXCEPTION(ns::connection_from_tree(ok, source, target, false), config_error,
                          [](const config_error& e) { return e.key_path == "kernel"; });
}

BOOST_AUTO_TEST_CASE(positions_from_tree_draw_the_spec_streams) {
    Tree box = Tree::map();
    box.set("kind", Tree::string("uniform")).set("extent", Tree::list({pair(0, 1), pair(0, 1)}));
    const auto p = ns::positions_from_tree(box, 300u, 5, 0);
    const auto from_spec = ns::make_positions(ns::parse_connectome_spec_text(yaml_text("0.1")), 0, 5);
    BOOST_TEST(p.size() == 300u);
    BOOST_TEST(arma::approx_equal(p.coords, from_spec->coords, "absdiff", 0.0));
    const auto q = ns::positions_from_tree(box, 300u, 5, 1);
    BOOST_TEST(!arma::approx_equal(p.coords, q.coords, "absdiff", 0.0));
    // Key paths name the map's own keys, not a population.
    Tree grid = Tree::map();
    grid.set("kind", Tree::string("grid")).set("extent", Tree::list({pair(0, 1), pair(0, 1)}));
    BOOST_CHECK_EXCEPTION(ns::positions_from_tree(grid, 7u, 0, 0), config_error,
                          [](const config_error& e) { return e.key_path.find("populations") == std::string::npos; });
    Tree reversed = Tree::map();
    reversed.set("kind", Tree::string("uniform")).set("extent", Tree::list({pair(1, 0)}));
    BOOST_CHECK_EXCEPTION(ns::positions_from_tree(reversed, 3u, 0, 0), config_error,
                          [](const config_error& e) { return e.key_path == "extent[0]"; });
}
