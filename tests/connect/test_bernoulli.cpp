// pairwise_bernoulli: edge counts and connection frequency per distance bin against p·K(d).
//
// Thresholds: counts are sums of independent Bernoulli trials, compared with their exact mean
// and variance by a normal approximation (only bins with variance >= 20 are tested alone; the
// rest are pooled). |z| < 5.3 has a two-sided false-failure probability of about 1.2e-7; with
// well under 100 such comparisons in this file the total stays below 1e-5.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace nwtest;
using connect::kernel_kind;
using connect::rule_kind;
using connect::sampler_kind;

namespace {

constexpr double z_limit = 5.3;

connect::Projection bernoulli(double p, connect::Kernel kernel = {}) {
    connect::Projection proj;
    proj.rule.kind = rule_kind::pairwise_bernoulli;
    proj.rule.p = p;
    proj.kernel = kernel;
    return proj;
}

void check_distance_bins(const connect::Kernel& kernel, bool periodic, sampler_kind sampler) {
    const auto sources = unit_box(300, 2, 41, periodic), targets = unit_box(400, 2, 42, periodic);
    connect::Options options;
    options.sampler = sampler;
    options.near_radius = 0.05;
    const double p = 0.8;
    const auto c = connect::generate(&sources, &targets, 300, 400, bernoulli(p, kernel), 17, 2, options);
    BOOST_REQUIRE(c.is_sorted());
    const int bins = 12;
    const double max_d = periodic ? std::sqrt(0.5) : std::sqrt(2.0);
    std::vector<double> mean(bins, 0.0), variance(bins, 0.0), observed(bins, 0.0);
    std::vector<std::vector<char>> connected(300, std::vector<char>(400, 0));
    for (edge_t e = 0; e < c.size(); ++e) {
        BOOST_REQUIRE(!connected[c.source[e]][c.target[e]]);   // no multapses from Bernoulli
        connected[c.source[e]][c.target[e]] = 1;
    }
    double beyond = 0.0, total = 0.0;
    for (index_t i = 0; i < 300; ++i)
        for (index_t j = 0; j < 400; ++j) {
            const double d = distance(sources, i, targets, j);
            const double q = p * kernel_value(kernel, d);
            const int b = std::min(bins - 1, int(d / max_d * bins));
            mean[b] += q;
            variance[b] += q * (1 - q);
            observed[b] += connected[i][j];
            total += q;
            if (d > options.near_radius) beyond += q;
        }
    BOOST_REQUIRE_GT(beyond / total, 0.05);   // the far field carries real mass
    double pooled_mean = 0.0, pooled_var = 0.0, pooled_obs = 0.0;
    for (int b = 0; b < bins; ++b) {
        if (variance[b] < 20.0) {
            pooled_mean += mean[b];
            pooled_var += variance[b];
            pooled_obs += observed[b];
            continue;
        }
        BOOST_TEST_INFO("bin " << b << " periodic " << periodic << " sampler " << int(sampler));
        BOOST_TEST(std::abs(observed[b] - mean[b]) / std::sqrt(variance[b]) < z_limit);
    }
    if (pooled_var > 0.0) BOOST_TEST(std::abs(pooled_obs - pooled_mean) < z_limit * std::sqrt(pooled_var) + 3.0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pairwise_bernoulli)

BOOST_AUTO_TEST_CASE(constant_p_count_is_binomial) {
    for (bool same : {false, true}) {
        auto proj = bernoulli(0.01);
        proj.same_population = same;
        const auto c = connect::generate(nullptr, nullptr, 2000, 2000, proj, 4, 0);
        const double pairs = same ? 2000.0 * 1999.0 : 2000.0 * 2000.0;
        const double mean = 0.01 * pairs, sd = std::sqrt(pairs * 0.01 * 0.99);
        BOOST_TEST(std::abs(double(c.size()) - mean) < z_limit * sd);
        BOOST_TEST(c.is_sorted());
        if (same)
            for (edge_t e = 0; e < c.size(); ++e) BOOST_TEST_REQUIRE(c.source[e] != c.target[e]);
    }
}

BOOST_AUTO_TEST_CASE(p_zero_and_one) {
    BOOST_TEST(connect::generate(nullptr, nullptr, 50, 60, bernoulli(0.0), 1, 0).size() == 0u);
    BOOST_TEST(connect::generate(nullptr, nullptr, 50, 60, bernoulli(1.0), 1, 0).size() == 3000u);
}

BOOST_AUTO_TEST_CASE(distance_bins_match_p_times_kernel) {
    for (bool periodic : {false, true})
        for (auto sampler : {sampler_kind::near_far, sampler_kind::buckets}) {
            check_distance_bins({kernel_kind::gaussian, 0.15, 0.0, 0.0}, periodic, sampler);
            check_distance_bins({kernel_kind::exponential, 0.0, 0.1, 0.0}, periodic, sampler);
        }
}

BOOST_AUTO_TEST_SUITE_END()
