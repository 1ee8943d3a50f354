// Autapses, multapses, masks, one_to_one, all_to_all and value distributions.
#include <set>

#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace nwtest;
using connect::kernel_kind;
using connect::mask_kind;
using connect::rule_kind;
using connect::value_kind;

namespace {

bool has_repeat(const connect::Connectome& c) {
    for (edge_t e = 1; e < c.size(); ++e)
        if (c.source[e] == c.source[e - 1] && c.target[e] == c.target[e - 1]) return true;
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(autapses_and_multapses_are_honoured) {
    const auto pos = unit_box(200, 2, 8);
    connect::Projection proj;
    proj.rule.kind = rule_kind::fixed_outdegree;
    proj.rule.k = 199;
    proj.same_population = true;
    proj.kernel = {kernel_kind::gaussian, 0.2, 0.0, 0.0};
    auto c = connect::generate(&pos, &pos, 200, 200, proj, 1, 0);
    BOOST_TEST(!has_repeat(c));
    for (edge_t e = 0; e < c.size(); ++e) BOOST_TEST_REQUIRE(c.source[e] != c.target[e]);
    proj.rule.autapses = true;
    proj.rule.k = 200;   // every neuron, itself included
    c = connect::generate(&pos, &pos, 200, 200, proj, 1, 0);
    BOOST_TEST(c.size() == 40000u);
    BOOST_TEST(!has_repeat(c));
    proj.rule.multapses = true;
    proj.rule.k = 400;
    c = connect::generate(&pos, &pos, 200, 200, proj, 1, 0);
    BOOST_TEST(has_repeat(c));   // 400 draws among 200 must repeat
}

BOOST_AUTO_TEST_CASE(masks_are_honoured) {
    // Sources kept off the edges, so every mask holds targets of every source (else the fixed
    // rules rightly refuse a neuron without partners).
    auto s = unit_box(150, 2, 3);
    s.coords = 0.3 + 0.4 * s.coords;
    const auto t = unit_box(400, 2, 4);
    auto in_mask_between = [](const spatial::Positions& from, const spatial::Positions& to, const connect::Mask& m,
                              index_t i, index_t j) {
        const double dx = to.coords(0, j) - from.coords(0, i), dy = to.coords(1, j) - from.coords(1, i);
        const double d = std::hypot(dx, dy);
        if (m.kind == mask_kind::ball) return d <= m.radius;
        if (m.kind == mask_kind::annulus) return d > m.inner && d <= m.outer;
        return dx >= m.lower[0] && dx <= m.upper[0] && dy >= m.lower[1] && dy <= m.upper[1];
    };
    auto in_mask = [&](const connect::Mask& m, index_t i, index_t j) { return in_mask_between(s, t, m, i, j); };
    std::vector<connect::Mask> masks(3);
    masks[0].kind = mask_kind::ball;
    masks[0].radius = 0.15;
    masks[1].kind = mask_kind::annulus;
    masks[1].inner = 0.1;
    masks[1].outer = 0.2;
    masks[2].kind = mask_kind::box;
    masks[2].lower = {-0.1, 0.0};
    masks[2].upper = {0.2, 0.1};
    for (const auto& mask : masks) {
        connect::Projection proj;
        proj.mask = mask;
        proj.rule.kind = rule_kind::all_to_all;   // exactly the pairs in the mask
        auto c = connect::generate(&s, &t, 150, 400, proj, 1, 0);
        std::set<std::pair<index_t, index_t>> expected, got;
        for (index_t i = 0; i < 150; ++i)
            for (index_t j = 0; j < 400; ++j)
                if (in_mask(mask, i, j)) expected.insert({i, j});
        for (edge_t e = 0; e < c.size(); ++e) got.insert({c.source[e], c.target[e]});
        BOOST_TEST(got == expected);
        BOOST_TEST(c.size() == expected.size());
        proj.rule.kind = rule_kind::fixed_outdegree;
        proj.rule.k = 5;
        proj.rule.multapses = true;
        proj.kernel = {kernel_kind::gaussian, 0.1, 0.0, 0.0};
        c = connect::generate(&s, &t, 150, 400, proj, 1, 0);
        for (edge_t e = 0; e < c.size(); ++e) BOOST_TEST_REQUIRE(in_mask(mask, c.source[e], c.target[e]));
        // Indegree: the off-edge population is the target side, so every target has partners.
        proj.rule.kind = rule_kind::fixed_indegree;
        c = connect::generate(&t, &s, 400, 150, proj, 1, 0);
        for (edge_t e = 0; e < c.size(); ++e) BOOST_TEST_REQUIRE(in_mask_between(t, s, mask, c.source[e], c.target[e]));
    }
}

BOOST_AUTO_TEST_CASE(one_to_one_and_all_to_all) {
    connect::Projection proj;
    proj.rule.kind = rule_kind::one_to_one;
    auto c = connect::generate(nullptr, nullptr, 10, 10, proj, 1, 0);
    BOOST_TEST(c.size() == 10u);
    for (edge_t e = 0; e < 10; ++e) BOOST_TEST((c.source[e] == e && c.target[e] == e));
    proj.rule.kind = rule_kind::all_to_all;
    proj.same_population = true;
    c = connect::generate(nullptr, nullptr, 10, 10, proj, 1, 0);
    BOOST_TEST(c.size() == 90u);
    BOOST_TEST(c.is_sorted());
}

BOOST_AUTO_TEST_CASE(values_follow_their_distributions) {
    const auto s = unit_box(100, 2, 12), t = unit_box(100, 2, 13);
    connect::Projection proj;
    proj.rule.kind = rule_kind::all_to_all;
    proj.weight.kind = value_kind::normal;
    proj.weight.mean = 2.0;
    proj.weight.std = 0.5;
    proj.weight.min = 1.5;
    proj.delay.kind = value_kind::distance;
    proj.delay.offset = 0.1;
    proj.delay.velocity = 2.0;
    auto c = connect::generate(&s, &t, 100, 100, proj, 1, 0);
    double sum = 0.0;
    for (edge_t e = 0; e < c.size(); ++e) {
        BOOST_TEST_REQUIRE(c.weight[e] >= 1.5f);
        sum += c.weight[e];
        const double expected_delay = 0.1 + distance(s, c.source[e], t, c.target[e]) / 2.0;
        BOOST_TEST_REQUIRE(std::abs(c.delay[e] - expected_delay) < 1e-5);
    }
    // Mean of N(2, 0.5) clipped below at 1.5: 2 + 0.5·φ(1)/... ≈ 2.0417 (1.5 replaces the lower
    // tail); the standard error of 10,000 draws is ~0.004, so ±0.03 is over 7 of them.
    BOOST_TEST(std::abs(sum / double(c.size()) - 2.0417) < 0.03);
    proj.weight = {};
    proj.weight.kind = value_kind::distance;
    proj.weight.w0 = 3.0;
    proj.weight.scale = 0.5;
    proj.delay = connect::Value::constant(1.25);
    c = connect::generate(&s, &t, 100, 100, proj, 1, 0);
    for (edge_t e = 0; e < c.size(); ++e) {
        const double d = distance(s, c.source[e], t, c.target[e]);
        BOOST_TEST_REQUIRE(std::abs(c.weight[e] - 3.0 * std::exp(-d / 0.5)) < 1e-5);
        BOOST_TEST_REQUIRE(c.delay[e] == 1.25f);
    }
}

BOOST_AUTO_TEST_SUITE_END()
