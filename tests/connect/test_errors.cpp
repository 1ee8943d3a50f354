// Clear errors for invalid projections: each names the offending field.
#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "helpers.hpp"

using namespace nwtest;
using connect::kernel_kind;
using connect::rule_kind;

namespace {

std::string key_of(const spatial::Positions* s, const spatial::Positions* t, index_t ns, index_t nt,
                   const connect::Projection& proj, const connect::Options& options = {}) {
    try {
        connect::generate(s, t, ns, nt, proj, 1, 0, options);
    } catch (const neurowire::config_error& e) {
        return e.key_path;
    }
    return "no error";
}

connect::Projection outdegree(std::uint64_t k) {
    connect::Projection p;
    p.rule.kind = rule_kind::fixed_outdegree;
    p.rule.k = k;
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(bad_values_name_their_field) {
    const auto s = unit_box(20, 2, 1), t = unit_box(30, 2, 2);
    auto proj = outdegree(3);
    for (double sigma : {0.0, -1.0, std::nan("")}) {
        proj.kernel = {kernel_kind::gaussian, sigma, 0.0, 0.0};
        BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "kernel.sigma");
    }
    proj.kernel = {kernel_kind::exponential, 0.0, 0.0, 0.0};
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "kernel.lambda");
    proj.kernel = {static_cast<kernel_kind>(42), 1.0, 1.0, 1.0};
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "kernel.kind");
    proj.kernel = {kernel_kind::gaussian, 0.1, 0.0, 0.0};
    BOOST_TEST(key_of(nullptr, nullptr, 20, 30, proj) == "kernel");

    connect::Projection bern;
    bern.rule.kind = rule_kind::pairwise_bernoulli;
    for (double p : {-0.1, 1.5, std::nan("")}) {
        bern.rule.p = p;
        BOOST_TEST(key_of(nullptr, nullptr, 20, 30, bern) == "rule.p");
    }
    bern.rule.p = 0.5;
    bern.mask.kind = connect::mask_kind::ball;
    bern.mask.radius = -1;
    BOOST_TEST(key_of(&s, &t, 20, 30, bern) == "mask.radius");
    bern.mask = {};
    bern.delay.kind = connect::value_kind::distance;
    bern.delay.velocity = 0.0;
    BOOST_TEST(key_of(&s, &t, 20, 30, bern) == "delay.velocity");
}

BOOST_AUTO_TEST_CASE(k_too_large_is_an_error_not_a_hang) {
    auto proj = outdegree(31);   // 30 targets, no multapses
    BOOST_TEST(key_of(nullptr, nullptr, 20, 30, proj) == "rule.k");
    proj.same_population = true;
    proj.rule.k = 30;            // 29 partners besides itself
    BOOST_TEST(key_of(nullptr, nullptr, 30, 30, proj) == "rule.k");
    // A step kernel leaves few partners in reach; with a kernel the count is per neuron.
    const auto s = unit_box(20, 2, 1), t = unit_box(30, 2, 2);
    proj = outdegree(25);
    proj.kernel = {kernel_kind::step, 0.0, 0.0, 0.1};
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "rule.k");
    proj.kernel = {kernel_kind::gaussian, 0.05, 0.0, 0.0};
    proj.rule.k = 31;
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "rule.k");
    proj.rule.k = 30;            // allowed: every target has positive weight (d²/2σ² <= 400)
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "no error");
    // At σ = 0.001 most weights underflow to 0 (d²/2σ² up to 10^6): partners of weight 0 cannot
    // be drawn ∝ K, so 30 of them are not there to be drawn (this used to pick them anyway).
    proj.kernel = {kernel_kind::gaussian, 0.001, 0.0, 0.0};
    BOOST_TEST(key_of(&s, &t, 20, 30, proj) == "rule.k");
}

BOOST_AUTO_TEST_CASE(oversized_requests_are_refused_before_allocating) {
    connect::Options options;
    options.memory_limit_bytes = 1e6;
    auto proj = outdegree(1000);
    proj.rule.multapses = true;
    try {
        connect::generate(nullptr, nullptr, 1000, 10, proj, 1, 0, options);
        BOOST_FAIL("expected memory_error");
    } catch (const neurowire::memory_error& e) {
        BOOST_TEST(e.estimate_bytes >= 16e6);
        BOOST_TEST(std::string(e.what()).find("MiB") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
