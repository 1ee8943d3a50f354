// Connectome views against brute force.
#include <boost/test/unit_test.hpp>

#include "connect/connectome.hpp"
#include "core/error.hpp"
#include "helpers.hpp"

using namespace nwtest;

namespace {

// 40 rows over 6 sources × 5 targets, unsorted, with repeated pairs.
connect::Connectome sample(bool equal_repeat_delays) {
    std::vector<index_t> s, t;
    std::vector<float> w, d;
    auto g = rng::stream(1, rng::purpose::connect, 0, 0);
    for (int r = 0; r < 40; ++r) {
        s.push_back(rng::uniform_index(g, 6));
        t.push_back(rng::uniform_index(g, 5));
        w.push_back(float(r) * 0.5f - 3.0f);
        d.push_back(equal_repeat_delays ? float(s.back() * 10 + t.back()) : float(r));
    }
    return connect::Connectome::from_arrays(6, 5, s, t, w, d);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connectome)

BOOST_AUTO_TEST_CASE(from_arrays_sorts_stably) {
    const auto c = sample(false);
    BOOST_TEST(c.is_sorted());
    BOOST_TEST(c.size() == 40u);
    // Stable: rows of a repeated pair keep their input order (weights grew with the row number).
    for (edge_t e = 1; e < c.size(); ++e)
        if (c.source[e] == c.source[e - 1] && c.target[e] == c.target[e - 1]) BOOST_TEST(c.weight[e] > c.weight[e - 1]);
    BOOST_CHECK_THROW(connect::Connectome::from_arrays(2, 2, {0, 2}, {0, 1}, {1, 1}, {0, 0}), neurowire::config_error);
    BOOST_CHECK_THROW(connect::Connectome::from_arrays(2, 2, {0}, {0, 1}, {1, 1}, {0, 0}), neurowire::config_error);
}

BOOST_AUTO_TEST_CASE(weight_matrix_sums_repeats) {
    const auto c = sample(false);
    arma::mat dense(5, 6, arma::fill::zeros);
    for (edge_t e = 0; e < c.size(); ++e) dense(c.target[e], c.source[e]) += c.weight[e];
    const arma::sp_mat w = c.weight_matrix();
    BOOST_TEST(w.n_rows == 5u);
    BOOST_TEST(w.n_cols == 6u);
    BOOST_TEST(arma::approx_equal(arma::mat(w), dense, "absdiff", 1e-6));
}

BOOST_AUTO_TEST_CASE(delay_matrix_needs_equal_repeat_delays) {
    BOOST_CHECK_THROW(sample(false).delay_matrix(), neurowire::config_error);
    const auto c = sample(true);
    const arma::sp_mat d = c.delay_matrix();
    for (edge_t e = 0; e < c.size(); ++e) BOOST_TEST(d(c.target[e], c.source[e]) == c.delay[e]);
    BOOST_TEST(d.n_nonzero <= c.size());
}

BOOST_AUTO_TEST_CASE(compressed_indices_and_degrees) {
    const auto c = sample(false);
    const auto csr = c.csr();
    const auto csc = c.csc();
    std::vector<std::uint32_t> out(6, 0), in(5, 0);
    for (edge_t e = 0; e < c.size(); ++e) {
        ++out[c.source[e]];
        ++in[c.target[e]];
    }
    BOOST_TEST(c.out_degrees() == out, boost::test_tools::per_element());
    BOOST_TEST(c.in_degrees() == in, boost::test_tools::per_element());
    for (index_t s = 0; s < 6; ++s)
        for (edge_t k = csr.ptr[s]; k < csr.ptr[s + 1]; ++k) {
            BOOST_TEST(c.source[csr.edge[k]] == s);
            BOOST_TEST(c.target[csr.edge[k]] == csr.idx[k]);
        }
    BOOST_TEST(csc.ptr.back() == c.size());
    for (index_t t = 0; t < 5; ++t)
        for (edge_t k = csc.ptr[t]; k < csc.ptr[t + 1]; ++k) {
            BOOST_TEST(c.target[csc.edge[k]] == t);
            BOOST_TEST(c.source[csc.edge[k]] == csc.idx[k]);
            if (k > csc.ptr[t]) BOOST_TEST(csc.idx[k] >= csc.idx[k - 1]);
        }
}

BOOST_AUTO_TEST_SUITE_END()
