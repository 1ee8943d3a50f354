// The kernel arithmetic the samplers rely on: exp_neg (the vectorisable e^(−x) behind the bucket
// envelopes and acceptance ratios) against std::exp.
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "connect/kernels.hpp"

using neurowire::connect::exp_neg;

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

BOOST_AUTO_TEST_CASE(exp_neg_of_a_rounding_artefact_accepts) {
    // The bucket sampler accepts when u < exp_neg(x), x = exponent(d²) − exponent(δ²). Rounding
    // can make x slightly negative when d = δ; the ratio is then 1 and every u in (0, 1) must
    // accept, so exp_neg must not fall below 1 there.
    for (double x = -1e-9; x < 0.0; x += 1.37e-12) BOOST_TEST_REQUIRE(exp_neg(x) >= 1.0);
    BOOST_TEST(exp_neg(-0.0) == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
