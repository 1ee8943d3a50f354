// The kernel arithmetic the samplers rely on: exp_neg (the vectorisable e^(−x) behind the bucket
// envelopes) against std::exp, and the squeeze of KernelFn::accepts against u < e^(−x).
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "connect/kernels.hpp"

using neurowire::connect::exp_neg;
using neurowire::connect::KernelFn;

BOOST_AUTO_TEST_SUITE(kernels)

BOOST_AUTO_TEST_CASE(exp_neg_matches_std_exp) {
    // Envelopes only need an upper bound within rounding; 4e-15 is a few ulps.
    double worst = 0.0;
    for (double x = 0.0; x <= 700.0; x += 0.0123) worst = std::max(worst, std::abs(exp_neg(x) / std::exp(-x) - 1.0));
    for (double x = 0.0; x <= 2.0; x += 1e-5) worst = std::max(worst, std::abs(exp_neg(x) / std::exp(-x) - 1.0));
    BOOST_TEST(worst < 4e-15);
    BOOST_TEST(exp_neg(0.0) == 1.0);
    BOOST_TEST(exp_neg(1e6) > 0.0);   // clamped: still an upper bound, never 0 or NaN
}

BOOST_AUTO_TEST_CASE(accepts_is_u_below_exp) {
    // The bounds must never change an outcome: compare with the plain test on a grid of u and x
    // that covers both bounds' regimes (small x: Taylor; large x: the reciprocal bound).
    int disagreements = 0;
    for (double x = -0.01; x < 30.0; x += 0.0137)
        for (double u = 0.0005; u < 1.0; u += 0.001) disagreements += KernelFn::accepts(u, x) != (u < std::exp(-x));
    BOOST_TEST(disagreements == 0);
}

BOOST_AUTO_TEST_SUITE_END()
