// Inspection statistics against values counted by hand.
#include <boost/test/unit_test.hpp>

#include "app/inspect.hpp"
#include "core/error.hpp"

namespace nb = neurowire::app;
using neurowire::connect::Connectome;

BOOST_AUTO_TEST_SUITE(connectome_inspect)

BOOST_AUTO_TEST_CASE(counts_degrees_and_distances) {
    // 3 sources, 2 targets; the pair (0, 1) twice, the pair (1, 1) once.
    const Connectome c = Connectome::from_arrays(3, 2, {0, 0, 0, 1}, {0, 1, 1, 1}, {1.f, 2.f, 3.f, 4.f},
                                                 {0.5f, 0.5f, 0.5f, 1.5f});
    neurowire::spatial::Positions src, tgt;
    src.coords = arma::mat{{0.0, 1.0, 2.0}};   // 1-D: x = 0, 1, 2
    tgt.coords = arma::mat{{0.0, 3.0}};
    const auto r = nb::inspect_connectome(c, &src, &tgt);
    BOOST_TEST(r.synapses == 4u);
    BOOST_TEST(r.distinct_pairs == 3u);
    BOOST_TEST(r.self_pairs == 2u);   // (0, 0) and (1, 1)
    BOOST_TEST(r.out_degree.min == 0.0);
    BOOST_TEST(r.out_degree.max == 3.0);
    BOOST_TEST(r.in_degree.mean == 2.0);
    BOOST_TEST(r.weight.mean == 2.5);
    BOOST_TEST(r.delay.max == 1.5);
    BOOST_REQUIRE(r.distance.has_value());
    BOOST_TEST(r.distance->min == 0.0);
    BOOST_TEST(r.distance->max == 3.0);
    BOOST_TEST(r.distance->mean == (0.0 + 3.0 + 3.0 + 2.0) / 4.0);
    BOOST_TEST(nb::format_report(r).find("synapses     4") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(positions_must_match_the_sizes) {
    const Connectome c = Connectome::from_arrays(2, 2, {0}, {1}, {1.f}, {0.f});
    neurowire::spatial::Positions three;
    three.coords = arma::mat(1, 3, arma::fill::zeros);
    BOOST_CHECK_THROW(nb::inspect_connectome(c, &three, &three), neurowire::config_error);
    BOOST_TEST(!nb::inspect_connectome(c).distance.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
