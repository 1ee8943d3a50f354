// fixed_outdegree / fixed_indegree / fixed_total_number: exact degrees, and partner frequencies
// against the exact distribution K(d_j)/ΣK, including the mass beyond the near radius.
//
// Thresholds: each goodness-of-fit test fails when its p-value is below 1e-6. Under a correct
// sampler p-values are uniform, so the ~30 such tests in this suite together fail falsely with
// probability below 3e-5 (seeds are fixed, so in practice a run is either right or wrong).
#include <map>
#include <numeric>
#include <string>

#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace nwtest;
using connect::kernel_kind;
using connect::rule_kind;
using connect::sampler_kind;

namespace {

constexpr double p_threshold = 1e-6;

connect::Projection outdegree(std::uint64_t k, bool multapses, connect::Kernel kernel = {}) {
    connect::Projection p;
    p.rule.kind = rule_kind::fixed_outdegree;
    p.rule.k = k;
    p.rule.multapses = multapses;
    p.kernel = kernel;
    return p;
}

connect::Kernel gaussian(double sigma) { return {kernel_kind::gaussian, sigma, 0.0, 0.0}; }
connect::Kernel exponential(double lambda) { return {kernel_kind::exponential, 0.0, lambda, 0.0}; }

// Queries at `points` (each repeated `copies` times) draw k partners among `targets`, with
// replacement; the partner counts of each point are compared with copies·k·K(d_j)/ΣK, where
// more than 5% of ΣK lies beyond the near radius (a truncating sampler would miss that share).
void check_frequencies(const std::vector<std::vector<double>>& points, const spatial::Positions& targets,
                       const connect::Kernel& kernel, bool periodic, const connect::Options& options,
                       const std::string& what) {
    const index_t copies = 2000;
    const std::uint64_t k = 50;
    const auto sources = repeated_points(points, copies, periodic);
    const auto c = connect::generate(&sources, &targets, sources.size(), targets.size(),
                                     outdegree(k, true, kernel), 5, 0, options);
    BOOST_REQUIRE_EQUAL(c.size(), std::uint64_t(k) * sources.size());
    for (std::size_t g = 0; g < points.size(); ++g) {
        std::vector<double> weight(targets.size()), observed(targets.size(), 0.0);
        double total = 0.0, beyond = 0.0;
        for (index_t j = 0; j < targets.size(); ++j) {
            const double d = distance(sources, index_t(g * copies), targets, j);
            weight[j] = kernel_value(kernel, d);
            total += weight[j];
            if (d > options.near_radius) beyond += weight[j];
        }
        BOOST_REQUIRE_GT(beyond / total, 0.05);
        for (edge_t e = 0; e < c.size(); ++e)
            if (c.source[e] / copies == g) observed[c.target[e]] += 1.0;
        std::vector<double> expected(targets.size());
        for (index_t j = 0; j < targets.size(); ++j) expected[j] = double(copies * k) * weight[j] / total;
        BOOST_TEST_INFO(what << ", point " << g << ", periodic " << periodic);
        BOOST_TEST(chi_square_p(observed, expected) > p_threshold);
    }
}

void check_partner_frequencies(const connect::Kernel& kernel, bool periodic, sampler_kind sampler) {
    connect::Options options;
    options.sampler = sampler;
    options.near_radius = 0.1;
    check_frequencies({{0.5, 0.5}, {0.1, 0.85}}, unit_box(80, 2, 11, periodic), kernel, periodic, options,
                      "sampler " + std::to_string(int(sampler)));
}

// The bucket sampler's grid: thousands of candidates in small buckets, so that a query group
// visits only some cells, with queries next to the box's edges and corners (on periodic axes
// the kernel reaches across them).
void check_bucket_grid(std::size_t dims, bool periodic) {
    std::vector<std::vector<double>> points = {{0.5, 0.5, 0.5}, {0.02, 0.97, 0.5}, {0.99, 0.3, 0.01}};
    for (auto& point : points) point.resize(dims);
    connect::Options options;
    options.sampler = sampler_kind::buckets;
    options.leaf_size = 4;
    options.group_size = 4;
    options.near_radius = dims == 1 ? 0.03 : 0.08;
    check_frequencies(points, unit_box(dims == 1 ? 300 : 2000, dims, 31, periodic),
                      gaussian(dims == 1 ? 0.02 : 0.05), periodic, options, "grid, dims " + std::to_string(dims));
}

// Probability of each k-set under successive sampling ∝ w, by enumerating all orders.
void enumerate_sets(const std::vector<double>& w, std::size_t k, std::vector<index_t>& chosen, double prob,
                    double remaining, std::map<std::vector<index_t>, double>& out) {
    if (chosen.size() == k) {
        auto key = chosen;
        std::sort(key.begin(), key.end());
        out[key] += prob;
        return;
    }
    for (index_t j = 0; j < w.size(); ++j) {
        if (std::find(chosen.begin(), chosen.end(), j) != chosen.end()) continue;
        chosen.push_back(j);
        enumerate_sets(w, k, chosen, prob * w[j] / remaining, remaining - w[j], out);
        chosen.pop_back();
    }
}

void check_set_frequencies(index_t n_candidates, std::size_t k, sampler_kind sampler) {
    const index_t copies = 20000;
    const auto sources = repeated_points({{0.5, 0.5}}, copies, false);
    const auto targets = unit_box(n_candidates, 2, 23);
    connect::Options options;
    options.sampler = sampler;
    options.near_radius = 0.15;
    const auto kernel = gaussian(0.3);
    const auto c = connect::generate(&sources, &targets, copies, n_candidates, outdegree(k, false, kernel), 9, 0, options);
    std::vector<double> w(n_candidates);
    double total = 0.0;
    for (index_t j = 0; j < n_candidates; ++j) total += (w[j] = kernel_value(kernel, distance(sources, 0, targets, j)));
    std::map<std::vector<index_t>, double> exact;
    std::vector<index_t> chosen;
    enumerate_sets(w, k, chosen, 1.0, total, exact);
    std::map<std::vector<index_t>, double> seen;
    for (index_t s = 0; s < copies; ++s) {
        std::vector<index_t> set(c.target.begin() + s * k, c.target.begin() + (s + 1) * k);
        BOOST_REQUIRE(std::adjacent_find(set.begin(), set.end()) == set.end());   // no repeats
        seen[set] += 1.0;
    }
    std::vector<double> observed, expected;
    for (const auto& [set, prob] : exact) {
        observed.push_back(seen.count(set) ? seen[set] : 0.0);
        expected.push_back(prob * copies);
    }
    BOOST_TEST_INFO("candidates " << n_candidates << " k " << k << " sampler " << int(sampler));
    BOOST_TEST(chi_square_p(observed, expected) > p_threshold);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fixed_degree)

BOOST_AUTO_TEST_CASE(every_neuron_gets_exactly_k) {
    const auto sources = unit_box(700, 2, 1), targets = unit_box(900, 2, 2);
    auto proj = outdegree(0, false, gaussian(0.05));
    proj.rule.k_per_neuron.resize(700);
    for (index_t i = 0; i < 700; ++i) proj.rule.k_per_neuron[i] = i % 13;
    auto c = connect::generate(&sources, &targets, 700, 900, proj, 3, 1);
    auto out = c.out_degrees();
    for (index_t i = 0; i < 700; ++i) BOOST_TEST(out[i] == i % 13);
    BOOST_TEST(c.is_sorted());

    proj.rule.kind = rule_kind::fixed_indegree;
    proj.rule.k_per_neuron.clear();
    proj.rule.k = 17;
    c = connect::generate(&sources, &targets, 700, 900, proj, 3, 1);
    for (auto d : c.in_degrees()) BOOST_TEST(d == 17u);
    BOOST_TEST(c.is_sorted());
    BOOST_TEST(c.size() == 17u * 900u);

    proj.rule.kind = rule_kind::fixed_total_number;
    proj.rule.multapses = true;
    proj.rule.n = 12345;
    c = connect::generate(&sources, &targets, 700, 900, proj, 3, 1);
    BOOST_TEST(c.size() == 12345u);
    BOOST_TEST(c.is_sorted());

    proj.kernel = {};
    proj.rule.multapses = false;
    proj.rule.n = 600000;   // most of the 630,000 pairs: the complement path of the split
    c = connect::generate(&sources, &targets, 700, 900, proj, 3, 1);
    BOOST_TEST(c.size() == 600000u);
    std::size_t repeats = 0;
    for (edge_t e = 1; e < c.size(); ++e) repeats += c.source[e] == c.source[e - 1] && c.target[e] == c.target[e - 1];
    BOOST_TEST(repeats == 0u);
}

BOOST_AUTO_TEST_CASE(gaussian_frequencies_are_exact_near_far) {
    check_partner_frequencies(gaussian(0.25), false, sampler_kind::near_far);
    check_partner_frequencies(gaussian(0.25), true, sampler_kind::near_far);
}

BOOST_AUTO_TEST_CASE(exponential_frequencies_are_exact_near_far) {
    check_partner_frequencies(exponential(0.2), false, sampler_kind::near_far);
    check_partner_frequencies(exponential(0.2), true, sampler_kind::near_far);
}

BOOST_AUTO_TEST_CASE(frequencies_are_exact_on_the_bucket_grid) {
    for (std::size_t dims : {1, 2, 3})
        for (bool periodic : {false, true}) check_bucket_grid(dims, periodic);
}

BOOST_AUTO_TEST_CASE(frequencies_are_exact_buckets) {
    check_partner_frequencies(gaussian(0.25), false, sampler_kind::buckets);
    check_partner_frequencies(gaussian(0.25), true, sampler_kind::buckets);
    check_partner_frequencies(exponential(0.2), false, sampler_kind::buckets);
    check_partner_frequencies(exponential(0.2), true, sampler_kind::buckets);
}

BOOST_AUTO_TEST_CASE(frequencies_are_exact_when_rejection_hands_over) {
    // 16 queries spread over [0, 1] form one query group, so the group's envelope is ~1 over
    // nearly every bucket, while each query's kernel (σ = 0.002) covers ~0.5 % of the
    // candidates: a proposal is accepted with probability ~0.005, runs of 256 rejections come
    // every few draws (0.995^256 ≈ 0.28), and each query soon hands its draws to the near/far
    // sampler. The partner frequencies must still be exactly K(d_j)/ΣK, per query.
    std::vector<std::vector<double>> points;
    for (int i = 0; i < 16; ++i) points.push_back({(i + 0.5) / 16.0});
    const auto sources = repeated_points(points, 1, false);
    const auto targets = unit_box(2000, 1, 41);
    const auto kernel = gaussian(0.002);
    connect::Options options;
    options.sampler = sampler_kind::buckets;
    options.leaf_size = 16;
    options.group_size = 16;
    const std::uint64_t k = 20000;
    const auto c = connect::generate(&sources, &targets, 16, 2000, outdegree(k, true, kernel), 3, 0, options);
    BOOST_REQUIRE_EQUAL(c.size(), 16 * k);
    for (index_t q = 0; q < 16; ++q) {
        std::vector<double> observed(2000, 0.0), expected(2000);
        double total = 0.0;
        for (index_t j = 0; j < 2000; ++j) total += (expected[j] = kernel_value(kernel, distance(sources, q, targets, j)));
        for (double& e : expected) e *= double(k) / total;
        for (edge_t e = q * k; e < (q + 1) * k; ++e) observed[c.target[e]] += 1.0;
        BOOST_TEST_INFO("query " << q);
        BOOST_TEST(chi_square_p(observed, expected) > p_threshold);
    }
}

BOOST_AUTO_TEST_CASE(sets_without_multapses_follow_successive_sampling) {
    // 13 candidates, k = 3: repeats are rejected; 6 candidates, k = 3: exponential keys.
    check_set_frequencies(13, 3, sampler_kind::near_far);
    check_set_frequencies(13, 3, sampler_kind::buckets);
    check_set_frequencies(6, 3, sampler_kind::near_far);
    check_set_frequencies(6, 3, sampler_kind::buckets);
}

BOOST_AUTO_TEST_CASE(compact_kernels_and_flat_choice) {
    // Step and linear kernels: partners only within the radius, ∝ K inside it.
    const auto sources = repeated_points({{0.5, 0.5}}, 4000, false);
    const auto targets = unit_box(300, 2, 31);
    for (auto kind : {kernel_kind::step, kernel_kind::linear}) {
        const connect::Kernel kernel{kind, 0.0, 0.0, 0.2};
        const auto c = connect::generate(&sources, &targets, 4000, 300, outdegree(10, true, kernel), 2, 0);
        std::vector<double> w(300), observed(300, 0.0), expected(300);
        double total = 0.0;
        for (index_t j = 0; j < 300; ++j) total += (w[j] = kernel_value(kernel, distance(sources, 0, targets, j)));
        for (auto t : c.target) observed[t] += 1.0;
        for (index_t j = 0; j < 300; ++j) {
            expected[j] = 40000.0 * w[j] / total;
            if (w[j] == 0.0) BOOST_TEST(observed[j] == 0.0);
        }
        BOOST_TEST(chi_square_p(observed, expected) > p_threshold);
    }
}

BOOST_AUTO_TEST_SUITE_END()
