#pragma once
// Shared fixtures of the connect tests: positions built by hand, brute-force oracles, and
// goodness-of-fit statistics.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

#include "connect/rules.hpp"
#include "core/rng.hpp"
#include "spatial/positions.hpp"

namespace nwtest {

using neurowire::index_t;
using neurowire::edge_t;
namespace connect = neurowire::connect;
namespace spatial = neurowire::spatial;
namespace rng = neurowire::rng;

// n points uniform in the unit square (or cube), from a fixed stream.
inline spatial::Positions unit_box(index_t n, std::size_t dims, std::uint64_t seed, bool periodic = false) {
    spatial::Positions p;
    p.coords.set_size(dims, n);
    auto g = rng::stream(seed, rng::purpose::positions, 99, 0);
    for (index_t i = 0; i < n; ++i)
        for (std::size_t a = 0; a < dims; ++a) p.coords(a, i) = rng::uniform01(g);
    p.extent.low = arma::vec(dims, arma::fill::zeros);
    p.extent.high = arma::vec(dims, arma::fill::ones);
    p.extent.periodic.assign(dims, periodic);
    return p;
}

// `groups` query positions, each repeated `copies` times: all copies draw from one distribution.
inline spatial::Positions repeated_points(const std::vector<std::vector<double>>& points, index_t copies,
                                          bool periodic) {
    const std::size_t dims = points.front().size();
    spatial::Positions p;
    p.coords.set_size(dims, points.size() * copies);
    for (std::size_t g = 0; g < points.size(); ++g)
        for (index_t c = 0; c < copies; ++c)
            for (std::size_t a = 0; a < dims; ++a) p.coords(a, g * copies + c) = points[g][a];
    p.extent.low = arma::vec(dims, arma::fill::zeros);
    p.extent.high = arma::vec(dims, arma::fill::ones);
    p.extent.periodic.assign(dims, periodic);
    return p;
}

inline double kernel_value(const connect::Kernel& k, double d) {
    switch (k.kind) {
        case connect::kernel_kind::gaussian: return std::exp(-d * d / (2 * k.sigma * k.sigma));
        case connect::kernel_kind::exponential: return std::exp(-d / k.lambda);
        case connect::kernel_kind::step: return d <= k.radius ? 1.0 : 0.0;
        case connect::kernel_kind::linear: return std::max(0.0, 1.0 - d / k.radius);
        default: return 1.0;
    }
}

inline double distance(const spatial::Positions& a, index_t i, const spatial::Positions& b, index_t j) {
    return std::sqrt(spatial::squared_distance(a.column(i), b.column(j), b.extent, b.dims()));
}

// Pearson's chi-square p-value of observed counts against expected counts; cells with an
// expectation below 5 are pooled so the chi-square approximation holds.
inline double chi_square_p(const std::vector<double>& observed, const std::vector<double>& expected) {
    double stat = 0.0, pooled_o = 0.0, pooled_e = 0.0;
    int cells = 0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (expected[i] < 5.0) {
            pooled_o += observed[i];
            pooled_e += expected[i];
            continue;
        }
        stat += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        ++cells;
    }
    if (pooled_e >= 5.0) {
        stat += (pooled_o - pooled_e) * (pooled_o - pooled_e) / pooled_e;
        ++cells;
    } else if (pooled_e > 0.0 && pooled_o > pooled_e + 10.0 * std::sqrt(pooled_e) + 10.0) {
        return 0.0;   // far too many hits where almost none are expected
    }
    if (cells < 2) return 1.0;
    const boost::math::chi_squared dist(cells - 1);
    return boost::math::cdf(boost::math::complement(dist, stat));
}

inline bool identical(const connect::Connectome& a, const connect::Connectome& b) {
    return a.n_source == b.n_source && a.n_target == b.n_target && a.source == b.source && a.target == b.target &&
           a.weight.size() == b.weight.size() &&
           std::equal(a.weight.begin(), a.weight.end(), b.weight.begin(),
                      [](float x, float y) { return std::memcmp(&x, &y, sizeof x) == 0; }) &&
           std::equal(a.delay.begin(), a.delay.end(), b.delay.begin(),
                      [](float x, float y) { return std::memcmp(&x, &y, sizeof x) == 0; });
}

}  // namespace nwtest
