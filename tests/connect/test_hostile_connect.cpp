// Projections that used to hang or store garbage: kernels whose every value underflows to 0,
// positions holding NaN or inf, weights beyond float32, absurd thread counts. Through
// connect::generate, as every front end calls it.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "connect/rules.hpp"
#include "core/error.hpp"
#include "helpers.hpp"

using namespace nwtest;
using neurowire::config_error;

namespace {

// n points on a line at x, in a 1-D box [0, high].
spatial::Positions points_at(const std::vector<double>& x, double high) {
    spatial::Positions p;
    p.coords.set_size(1, x.size());
    for (std::size_t i = 0; i < x.size(); ++i) p.coords(0, i) = x[i];
    p.extent.low = arma::vec{0.0};
    p.extent.high = arma::vec{high};
    p.extent.periodic.assign(1, false);
    return p;
}

connect::Projection gaussian_degree(connect::rule_kind kind, std::uint64_t k, double sigma, bool multapses) {
    connect::Projection p;
    p.rule.kind = kind;
    p.rule.k = k;
    p.rule.multapses = multapses;
    p.kernel.kind = connect::kernel_kind::gaussian;
    p.kernel.sigma = sigma;
    return p;
}

bool mentions(const config_error& e, const std::string& key, const std::string& text) {
    const bool ok = e.key_path == key && std::string(e.what()).find(text) != std::string::npos;
    if (!ok) BOOST_TEST_MESSAGE("error: " << e.what());
    return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_connect)

BOOST_AUTO_TEST_CASE(a_kernel_that_underflows_everywhere_is_refused_not_drawn_forever) {
    // Sources in [0, 10], targets 1000 σ away: every exp(−d²/2σ²) is exactly 0.
    const spatial::Positions source = points_at({0, 2, 4, 6, 8, 10}, 2000);
    const spatial::Positions target = points_at({1000, 1002, 1004, 1006}, 2000);
    for (const auto kind : {connect::rule_kind::fixed_outdegree, connect::rule_kind::fixed_indegree})
        for (const bool multapses : {false, true})
            for (const auto sampler : {connect::sampler_kind::automatic, connect::sampler_kind::near_far,
                                       connect::sampler_kind::buckets}) {
                connect::Options options;
                options.sampler = sampler;
                options.threads = 2;
                const connect::Projection p = gaussian_degree(kind, 2, 1.0, multapses);
                BOOST_CHECK_EXCEPTION(connect::generate(&source, &target, 6, 4, p, 1, 0, options), config_error,
                                      [](const config_error& e) {
                                          // Where the samplers see that the kernel's support is empty
                                          // the partners are counted as not allowed; elsewhere the
                                          // draw finds the zero mass. Both name the kernel.
                                          BOOST_TEST_MESSAGE(e.what());
                                          return (e.key_path == "kernel" || e.key_path == "rule.k") &&
                                                 std::string(e.what()).find("nonzero kernel weight") != std::string::npos;
                                      });
            }
}

BOOST_AUTO_TEST_CASE(a_kernel_of_tiny_but_positive_values_is_still_drawn_exactly) {
    // Targets at 37 σ and 37.1 σ: K ≈ 1e-297 and 2.5e-299, far below any envelope the samplers
    // build, so rejection gives up and the draw is made from the enumerated weights. The choice
    // must still be ∝ K: P(second) = 1 / (1 + e^((37.1² − 37²)/2)) = 0.02404.
    const index_t n = 4000;
    const spatial::Positions source = points_at(std::vector<double>(n, 0.0), 100);
    const spatial::Positions target = points_at({37.0, 37.1}, 100);
    const double p_second = 1.0 / (1.0 + std::exp((37.1 * 37.1 - 37.0 * 37.0) / 2.0));
    for (const auto sampler : {connect::sampler_kind::near_far, connect::sampler_kind::buckets}) {
        connect::Options options;
        options.sampler = sampler;
        const connect::Connectome c =
            connect::generate(&source, &target, n, 2, gaussian_degree(connect::rule_kind::fixed_outdegree, 1, 1.0, true),
                              7, 0, options);
        BOOST_REQUIRE(c.size() == n);
        double second = 0;
        for (const index_t t : c.target) second += t == 1;
        // Binomial(4000, 0.02404): mean 96.2, sd 9.7; 5 sd is a false alarm once in 10^6 runs.
        const double mean = n * p_second, sd = std::sqrt(n * p_second * (1 - p_second));
        BOOST_TEST(std::fabs(second - mean) < 5 * sd, "second target chosen " << second << " times, expected " << mean);
    }
}

BOOST_AUTO_TEST_CASE(positions_that_are_not_finite_are_refused) {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const spatial::Positions good = points_at({0, 1, 2}, 10);
    connect::Projection p = gaussian_degree(connect::rule_kind::fixed_outdegree, 1, 1.0, false);
    for (const double bad : {nan, inf, -inf}) {
        const spatial::Positions broken = points_at({0, bad, 2}, 10);
        BOOST_CHECK_EXCEPTION(connect::generate(&broken, &good, 3, 3, p, 1, 0), config_error,
                              [](const config_error& e) { return mentions(e, "source.positions", "neuron 1, axis 0"); });
        BOOST_CHECK_EXCEPTION(connect::generate(&good, &broken, 3, 3, p, 1, 0), config_error,
                              [](const config_error& e) { return mentions(e, "target.positions", "finite coordinates"); });
    }
}

BOOST_AUTO_TEST_CASE(weights_beyond_float32_are_refused_given_or_drawn) {
    connect::Projection p;
    p.rule.kind = connect::rule_kind::pairwise_bernoulli;
    p.rule.p = 1.0;
    p.weight = connect::Value::constant(-1e300);
    BOOST_CHECK_EXCEPTION(connect::generate(nullptr, nullptr, 5, 5, p, 1, 0), config_error,
                          [](const config_error& e) { return mentions(e, "weight", "fits float32"); });
    // A lognormal of mu = 88, sigma = 2 exceeds 3.4e38 in about a third of its draws: refused
    // from inside the parallel regions of every rule, never stored as inf.
    p.weight.kind = connect::value_kind::lognormal;
    p.weight.mu = 88.0;
    p.weight.sigma = 2.0;
    connect::Options two;
    two.threads = 2;
    for (const auto kind : {connect::rule_kind::pairwise_bernoulli, connect::rule_kind::fixed_outdegree,
                            connect::rule_kind::fixed_indegree, connect::rule_kind::all_to_all}) {
        p.rule.kind = kind;
        p.rule.k = 3;
        BOOST_CHECK_EXCEPTION(connect::generate(nullptr, nullptr, 50, 50, p, 1, 0, two), config_error,
                              [](const config_error& e) { return mentions(e, "weight", "a drawn value"); });
    }
}

BOOST_AUTO_TEST_CASE(thread_counts_are_bounded) {
    connect::Projection p;
    connect::Options options;
    options.threads = 100000;
    BOOST_CHECK_EXCEPTION(connect::generate(nullptr, nullptr, 3, 3, p, 1, 0, options), config_error,
                          [](const config_error& e) { return mentions(e, "threads", "1 to 1024"); });
    options.threads = -1;
    BOOST_CHECK_THROW(connect::generate(nullptr, nullptr, 3, 3, p, 1, 0, options), config_error);
}

BOOST_AUTO_TEST_SUITE_END()
