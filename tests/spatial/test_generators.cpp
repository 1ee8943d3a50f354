// Position generators: exact grids, statistics of the random ones, thread-count independence.
//
// Statistical tolerances: every check compares an estimate with its expectation at z = 5 standard
// errors (two-sided normal tail 5.7e-7). With n = 20000 the estimates (means of bounded or
// gaussian variables, a binomial fraction) are normal to well within that tail, and this file has
// fewer than 100 such checks, so the chance of a false failure is below 100 · 5.7e-7 < 1e-4.
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <omp.h>

#include "spatial/generators.hpp"
#include "tests/spatial/common.hpp"

using namespace neurowire;
using namespace neurowire::spatial;
using spatial_test::box;
using spatial_test::message_names;

namespace {

constexpr double z = 5.0;
constexpr index_t n_stat = 20000;

double sample_mean(const arma::rowvec& x) { return arma::mean(x); }
double sample_var(const arma::rowvec& x) { return arma::var(x); }

}  // namespace

BOOST_AUTO_TEST_SUITE(generators)

BOOST_AUTO_TEST_CASE(grid_coordinates_follow_the_formula) {
    const Extent extent = box({0.0, -1.0, 2.0}, {2.0, 1.0, 2.7});
    const std::vector<index_t> counts{4, 3, 5};
    const Positions p = grid(counts, extent);
    BOOST_TEST(p.dims() == 3u);
    BOOST_TEST(p.size() == 4u * 3u * 5u);
    index_t column = 0;
    for (index_t k = 0; k < counts[2]; ++k)
        for (index_t j = 0; j < counts[1]; ++j)
            for (index_t i = 0; i < counts[0]; ++i, ++column) {   // axis 0 fastest
                const index_t at[3] = {i, j, k};
                for (std::size_t axis = 0; axis < 3; ++axis) {
                    const double expected = extent.low(axis) + (at[axis] + 0.5) * extent.side(axis) / counts[axis];
                    BOOST_TEST(p.coords(axis, column) == expected);
                }
            }
    BOOST_TEST(arma::all(p.extent.low == extent.low));
    BOOST_TEST(arma::all(p.extent.high == extent.high));
}

BOOST_AUTO_TEST_CASE(grid_of_n_points_has_equal_spacing) {
    struct Case { index_t n; Extent extent; std::vector<index_t> counts; };
    const std::vector<Case> cases{
        {7, box({0.0}, {3.0}), {7}},
        {9, box({0.0, 0.0}, {1.0, 1.0}), {3, 3}},
        {12, box({0.0, 0.0}, {4.0, 3.0}), {4, 3}},
        {30, box({0.0, 0.0}, {1.0, 0.3}), {10, 3}},   // 0.3 is not a binary fraction
        {16, box({0.0, 0.0, 0.0}, {2.0, 1.0, 1.0}), {4, 2, 2}},
        {1000, box({-1.0, -1.0, -1.0}, {1.0, 1.0, 1.0}, {true, true, true}), {10, 10, 10}},
    };
    for (const auto& c : cases) {
        const Positions p = grid(c.n, c.extent);
        const Positions expected = grid(c.counts, c.extent);
        BOOST_TEST(p.size() == c.n);
        BOOST_TEST(arma::all(arma::vectorise(p.coords == expected.coords)));
        BOOST_TEST(p.extent.periodic == c.extent.periodic);
    }
}

BOOST_AUTO_TEST_CASE(grid_errors_name_the_values) {
    BOOST_CHECK_EXCEPTION(grid(index_t{7}, box({0.0, 0.0}, {1.0, 1.0})), config_error,
                          message_names({"7", "1 x 1", "4 and 9"}));
    BOOST_CHECK_EXCEPTION(grid(index_t{10}, box({0.0, 0.0, 0.0}, {1.0, 1.0, 2.0})), config_error,
                          message_names({"10", "1 x 1 x 2", "2 and 16"}));
    BOOST_CHECK_EXCEPTION(grid(index_t{0}, box({0.0}, {1.0})), config_error, message_names({"0"}));
    BOOST_CHECK_EXCEPTION(grid(std::vector<index_t>{2, 2}, box({0.0}, {1.0})), config_error,
                          message_names({"2 counts"}));
    BOOST_CHECK_EXCEPTION(grid(std::vector<index_t>{2, 0}, box({0.0, 0.0}, {1.0, 1.0})), config_error,
                          message_names({"counts[1]"}));
    BOOST_CHECK_EXCEPTION(grid(std::vector<index_t>{2}, box({1.0}, {1.0})), config_error,
                          message_names({"extent[0]", "[1, 1]"}));
}

BOOST_AUTO_TEST_CASE(uniform_box_statistics) {
    const Extent extent = box({0.0, -1.0, 5.0}, {2.0, 1.0, 5.5}, {true, false, false});
    const Positions p = uniform_box(n_stat, extent, 11, 0);
    BOOST_TEST(p.size() == n_stat);
    BOOST_TEST(p.extent.periodic == extent.periodic);
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const arma::rowvec x = p.coords.row(axis);
        const double low = extent.low(axis), side = extent.side(axis);
        BOOST_TEST(x.min() >= low);
        BOOST_TEST(x.max() < extent.high(axis));
        // U(low, high): mean low + side/2, variance side²/12; Var(s²) ≈ (µ4 − σ⁴)/n = side⁴/(180 n).
        BOOST_TEST(std::abs(sample_mean(x) - (low + side / 2)) < z * side / std::sqrt(12.0 * n_stat));
        BOOST_TEST(std::abs(sample_var(x) - side * side / 12) < z * side * side / std::sqrt(180.0 * n_stat));
    }
}

BOOST_AUTO_TEST_CASE(uniform_ball_statistics) {
    for (std::size_t dims = 1; dims <= 3; ++dims) {
        const arma::vec center = arma::linspace(0.5, 1.5, dims);
        const double radius = 2.0;
        const Positions p = uniform_ball(n_stat, center, radius, 5, 1);
        BOOST_TEST(p.dims() == dims);
        BOOST_TEST(arma::all(p.extent.low == center - radius));
        BOOST_TEST(arma::all(p.extent.high == center + radius));
        const double d = static_cast<double>(dims);
        // ρ = |x − c|/R has density d ρ^(d−1): E ρ² = d/(d+2), E ρ⁴ = d/(d+4), P(ρ <= 1/2) = 2^−d;
        // per axis the coordinate has mean c and variance R²/(d+2).
        arma::rowvec rho2(n_stat);
        for (index_t i = 0; i < n_stat; ++i)
            rho2(i) = arma::accu(arma::square(p.coords.col(i) - center)) / (radius * radius);
        BOOST_TEST(rho2.max() <= 1.0 + 1e-12);   // rounding of c + R·u only
        const double var_rho2 = d / (d + 4) - d * d / ((d + 2) * (d + 2));
        BOOST_TEST(std::abs(arma::mean(rho2) - d / (d + 2)) < z * std::sqrt(var_rho2 / n_stat));
        const double p_inner = std::pow(0.5, d);
        const double inner = static_cast<double>(arma::accu(rho2 <= 0.25)) / n_stat;
        BOOST_TEST(std::abs(inner - p_inner) < z * std::sqrt(p_inner * (1 - p_inner) / n_stat));
        for (std::size_t axis = 0; axis < dims; ++axis)
            BOOST_TEST(std::abs(sample_mean(p.coords.row(axis)) - center(axis)) <
                       z * radius / std::sqrt((d + 2) * n_stat));
    }
}

BOOST_AUTO_TEST_CASE(gaussian_statistics_and_bounding_box) {
    const arma::vec mean{1.0, -2.0, 0.0};
    const arma::vec std{0.5, 2.0, 0.0};   // a zero std gives a flat sheet
    const Positions p = gaussian(n_stat, mean, std, 3, 2);
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const arma::rowvec x = p.coords.row(axis);
        BOOST_TEST(p.extent.low(axis) == x.min());
        BOOST_TEST(p.extent.high(axis) == x.max());
        if (std(axis) == 0.0) {
            BOOST_TEST(x.min() == mean(axis));
            BOOST_TEST(x.max() == mean(axis));
            continue;
        }
        // N(µ, σ²): the mean has standard error σ/√n, the sample variance σ²·√(2/(n−1)).
        const double s = std(axis);
        BOOST_TEST(std::abs(sample_mean(x) - mean(axis)) < z * s / std::sqrt(double(n_stat)));
        BOOST_TEST(std::abs(sample_var(x) - s * s) < z * s * s * std::sqrt(2.0 / (n_stat - 1)));
    }
    BOOST_TEST(!p.extent.any_periodic());
}

BOOST_AUTO_TEST_CASE(random_generators_do_not_depend_on_threads) {
    const int threads_before = omp_get_max_threads();
    const Extent extent = box({0.0, 0.0, 0.0}, {1.0, 2.0, 3.0});
    const arma::vec center{0.0, 1.0}, mean{0.0, 1.0, 2.0}, std{1.0, 2.0, 3.0};
    const index_t n = 5003;   // not a multiple of the thread count
    const auto make = [&](int kind, seed_t seed, std::uint64_t population) {
        switch (kind) {
            case 0: return uniform_box(n, extent, seed, population);
            case 1: return uniform_ball(n, center, 2.0, seed, population);
            default: return gaussian(n, mean, std, seed, population);
        }
    };
    for (int kind = 0; kind < 3; ++kind) {
        omp_set_num_threads(1);
        const Positions one = make(kind, 42, 3);
        omp_set_num_threads(2);
        const Positions two = make(kind, 42, 3);
        const Positions other_population = make(kind, 42, 4);
        const Positions other_seed = make(kind, 43, 3);
        BOOST_TEST(arma::all(arma::vectorise(one.coords == two.coords)));
        BOOST_TEST(arma::all(one.extent.low == two.extent.low));
        BOOST_TEST(arma::all(one.extent.high == two.extent.high));
        // Different keys give unrelated streams: no coordinate should coincide.
        BOOST_TEST(arma::accu(one.coords == other_population.coords) == 0u);
        BOOST_TEST(arma::accu(one.coords == other_seed.coords) == 0u);
    }
    omp_set_num_threads(threads_before);
}

BOOST_AUTO_TEST_CASE(random_generator_errors_name_the_values) {
    BOOST_CHECK_EXCEPTION(uniform_ball(10, arma::vec{0.0, 0.0}, -1.5, 1, 0), config_error,
                          message_names({"radius", "-1.5"}));
    BOOST_CHECK_EXCEPTION(uniform_ball(10, arma::vec(4, arma::fill::zeros), 1.0, 1, 0), config_error,
                          message_names({"center", "4 values"}));
    BOOST_CHECK_EXCEPTION(gaussian(10, arma::vec{0.0, 0.0}, arma::vec{1.0}, 1, 0), config_error,
                          message_names({"std", "1 values"}));
    BOOST_CHECK_EXCEPTION(gaussian(10, arma::vec{0.0}, arma::vec{-0.25}, 1, 0), config_error,
                          message_names({"std[0]", "-0.25"}));
    BOOST_CHECK_EXCEPTION(uniform_box(10, box({0.0, 2.0}, {1.0, 1.0}), 1, 0), config_error,
                          message_names({"extent[1]", "[2, 1]"}));
    BOOST_CHECK_EXCEPTION(uniform_box(10, box({0.0, 0.0}, {1.0, 1.0}, {true}), 1, 0), config_error,
                          message_names({"periodic", "1 flags"}));
}

BOOST_AUTO_TEST_SUITE_END()
