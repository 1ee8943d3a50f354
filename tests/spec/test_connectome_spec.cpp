// The connectome spec parser: values land in the right fields, defaults hold, and every error
// carries the key path and the line of the offending value.
#include <string>

#include <boost/test/unit_test.hpp>

#include "spec/connectome_spec.hpp"
#include "spec/connectome_spec_detail.hpp"
#include "spec/yaml_util.hpp"
#include "core/error.hpp"

namespace nb = neurowire::spec;
using neurowire::config_error;
namespace connect = neurowire::connect;

namespace {

nb::ConnectomeSpec parse(const std::string& text) {
    const nb::yaml::Context ctx{"spec.yaml", NEUROWIRE_SOURCE_DIR "/tests/cli/specs"};
    return nb::parse_connectome_spec(nb::yaml::load_string(text, ctx), ctx);
}

config_error parse_error(const std::string& text) {
    try {
        parse(text);
    } catch (const config_error& e) {
        return e;
    }
    BOOST_FAIL("no config_error for:\n" + text);
    throw;   // unreachable
}

const std::string two_sheets = R"(seed: 12
populations:
  exc:
    size: 3200
    positions: {kind: uniform, extent: [[0, 1], [0, 2]], periodic: [true, false]}
  inh:
    size: 800
    positions: {kind: gaussian, mean: [0, 0], std: [1, 2]}
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(connectome_spec)

BOOST_AUTO_TEST_CASE(populations_and_positions) {
    const auto spec = parse(two_sheets);
    BOOST_TEST(spec.seed == 12u);
    BOOST_REQUIRE(spec.populations.size() == 2u);
    const auto& exc = spec.populations[0];
    BOOST_TEST(exc.name == "exc");
    BOOST_TEST(exc.size == 3200u);
    BOOST_TEST((exc.positions.kind == nb::positions_kind::uniform));
    BOOST_TEST(exc.positions.dims == 2u);
    BOOST_TEST(exc.positions.high[1] == 2.0);
    BOOST_TEST(exc.positions.periodic[0]);
    BOOST_TEST(!exc.positions.periodic[1]);
    const auto& inh = spec.populations[1];
    BOOST_TEST((inh.positions.kind == nb::positions_kind::gaussian));
    BOOST_TEST(inh.positions.std[1] == 2.0);
    BOOST_TEST(spec.projections.empty());
    BOOST_TEST(*spec.find_population("inh") == 1u);
    BOOST_TEST(!spec.find_population("nope"));
}

BOOST_AUTO_TEST_CASE(projection_fields_and_defaults) {
    // Kernels need one box for periodic distances: here nothing is periodic.
    std::string base = two_sheets;
    base.replace(base.find("[true, false]"), 13, "[false, false]");
    const auto spec = parse(base + R"(projections:
  - source: exc
    target: inh
    rule: {kind: fixed_outdegree, k: 10, multapses: true}
    kernel: {kind: gaussian, sigma: 0.2}
    mask: {kind: box, lower: [-0.5, -0.5], upper: [0.5, 0.5]}
    weight: {kind: normal, mean: 0.5, std: 0.1, min: 0}
    delay: {kind: distance, velocity: 2.0, offset: 0.1}
  - name: recurrent
    source: exc
    target: exc
)");
    BOOST_REQUIRE(spec.projections.size() == 2u);
    const auto& p = spec.projections[0];
    BOOST_TEST(p.name == "exc_to_inh");
    BOOST_TEST(p.projection.name == "exc_to_inh");
    BOOST_TEST(p.source_index == 0u);
    BOOST_TEST(p.target_index == 1u);
    BOOST_TEST((p.projection.rule.kind == connect::rule_kind::fixed_outdegree));
    BOOST_TEST(p.projection.rule.k == 10u);
    BOOST_TEST(p.projection.rule.multapses);
    BOOST_TEST(!p.projection.rule.autapses);
    BOOST_TEST((p.projection.kernel.kind == connect::kernel_kind::gaussian));
    BOOST_TEST(p.projection.kernel.sigma == 0.2);
    BOOST_TEST((p.projection.mask.kind == connect::mask_kind::box));
    BOOST_TEST(p.projection.mask.upper[1] == 0.5);
    BOOST_TEST((p.projection.weight.kind == connect::value_kind::normal));
    BOOST_TEST(*p.projection.weight.min == 0.0);
    BOOST_TEST(!p.projection.weight.max);
    BOOST_TEST((p.projection.delay.kind == connect::value_kind::distance));
    BOOST_TEST(p.projection.delay.velocity == 2.0);
    BOOST_TEST(!p.projection.same_population);
    const auto& r = spec.projections[1];
    BOOST_TEST(r.name == "recurrent");
    BOOST_TEST(r.projection.same_population);
    BOOST_TEST((r.projection.rule.kind == connect::rule_kind::all_to_all));
    BOOST_TEST((r.projection.weight.kind == connect::value_kind::constant));
    BOOST_TEST(r.projection.weight.value == 1.0);
    BOOST_TEST(r.projection.delay.value == 0.0);
}

BOOST_AUTO_TEST_CASE(positions_file_sets_the_size) {
    const auto spec = parse("populations:\n  cells:\n    positions: {kind: file, path: ../bad_specs/data/cells_10.csv}\n");
    BOOST_TEST(spec.populations[0].size == 10u);
    BOOST_TEST(spec.populations[0].positions.dims == 2u);
    BOOST_TEST(spec.populations[0].positions.loaded.coords(1, 0) == 0.9);
}

BOOST_AUTO_TEST_CASE(periodic_boxes_must_agree) {
    const auto e = parse_error(two_sheets + "projections:\n  - {source: exc, target: inh, kernel: {kind: step, radius: 0.1}}\n");
    BOOST_TEST(e.key_path == "projections[0].kernel");
    BOOST_TEST(e.line == 10u);
}

BOOST_AUTO_TEST_CASE(errors_name_file_line_and_key) {
    const auto e = parse_error(two_sheets + R"(projections:
  - source: exc
    target: inh
    kernel:
      kind: gaussian
      sigma: -1
)");
    BOOST_TEST(e.file == "spec.yaml");
    BOOST_TEST(e.line == 14u);
    BOOST_TEST(e.column == 14u);
    BOOST_TEST(e.key_path == "projections[0].kernel.sigma");
    BOOST_TEST(e.found == "'-1'");
    BOOST_TEST(std::string(e.what()).find("spec.yaml:14:14: projections[0].kernel.sigma: expected a number > 0") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_keys_list_the_allowed_ones) {
    const auto e = parse_error("populations:\n  exc: {size: 3, shape: [3]}\n");
    BOOST_TEST(e.key_path == "populations.exc.shape");
    BOOST_TEST(e.line == 2u);
    BOOST_TEST(e.expected.find("size or positions") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(k_against_partners) {
    // Without multapses a source can reach each of the 800 targets once; with them, any k.
    const std::string head = two_sheets + "projections:\n  - {source: exc, target: inh, rule: ";
    BOOST_CHECK_NO_THROW(parse(head + "{kind: fixed_outdegree, k: 800}}\n"));
    BOOST_TEST(parse_error(head + "{kind: fixed_outdegree, k: 801}}\n").key_path == "projections[0].rule.k");
    BOOST_CHECK_NO_THROW(parse(head + "{kind: fixed_outdegree, k: 801, multapses: true}}\n"));
    BOOST_TEST(parse_error(head + "{kind: fixed_indegree, k: 3201}}\n").expected.find("k <= 3200") == 0u);
    const std::string self = two_sheets + "projections:\n  - {source: inh, target: inh, rule: ";
    BOOST_TEST(parse_error(self + "{kind: fixed_indegree, k: 800}}\n").expected.find("k <= 799") == 0u);
    BOOST_CHECK_NO_THROW(parse(self + "{kind: fixed_indegree, k: 800, autapses: true}}\n"));
}

BOOST_AUTO_TEST_CASE(numbers_in_float_notation_are_whole_numbers) {
    BOOST_TEST(parse("populations:\n  a: {size: 4.0e4}\n").populations[0].size == 40000u);
    BOOST_TEST(parse_error("populations:\n  a: {size: 1.5}\n").key_path == "populations.a.size");
    BOOST_TEST(parse_error("populations:\n  a: {size: 5000000000}\n").key_path == "populations.a.size");
}

BOOST_AUTO_TEST_CASE(reusable_pieces) {
    // The network spec calls these on its own maps; paths are whatever the caller passes.
    const nb::yaml::Context ctx{"net.yaml", "."};
    const YAML::Node node = nb::yaml::load_string("{kind: step, radius: 0.25}", ctx);
    BOOST_TEST(nb::parse_kernel(node, "x.kernel", ctx).radius == 0.25);
    try {
        nb::parse_rule(nb::yaml::load_string("{kind: pairwise_bernoulli}", ctx), "x.rule", ctx);
        BOOST_FAIL("missing p accepted");
    } catch (const config_error& e) {
        BOOST_TEST(e.key_path == "x.rule.p");
    }
    BOOST_TEST(nb::parse_delay(nb::yaml::load_string("0.5", ctx), "d", ctx).value == 0.5);
    BOOST_CHECK_THROW(nb::parse_delay(nb::yaml::load_string("-0.5", ctx), "d", ctx), config_error);
}

BOOST_AUTO_TEST_SUITE_END()
