#include "connect/sampler_near_far.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neurowire::connect {

NearFarIndex::NearFarIndex(const Problem& p) : p_(p) {
    const double support = std::min(p.kernel.support_radius(), p.mask.bounding_radius());
    const bool bounded = std::isfinite(support);
    far_field_ = !bounded;
    r_near_ = bounded ? support
                      : (p.options.near_radius > 0.0 ? p.options.near_radius
                                                     : p.kernel.cutoff_radius(p.options.cutoff));
    // The tree answers minimum-image queries only up to half a periodic side.
    half_side_ = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < p.dims; ++a)
        if (p.extent.is_periodic(a)) half_side_ = std::min(half_side_, 0.5 * p.extent.side(a));
    if (bounded && r_near_ >= half_side_) enumerate_all_ = true;
    if (!enumerate_all_) tree_ = std::make_unique<spatial::KdIndex>(*p.candidates);
}

NearFarIndex::~NearFarIndex() = default;

std::size_t NearFarSampler::group_count() const {
    const std::size_t b = std::max<index_t>(1, p_.options.block_size);
    return (p_.n_query + b - 1) / b;
}

void NearFarSampler::group_queries(std::size_t g, std::vector<index_t>& out) const {
    const std::size_t b = std::max<index_t>(1, p_.options.block_size);
    out.clear();
    const std::size_t end = std::min<std::size_t>(p_.n_query, (g + 1) * b);
    for (std::size_t q = g * b; q < end; ++q) out.push_back(static_cast<index_t>(q));
}

void NearFarSampler::begin_query(index_t q) {
    q_ = q;
    near_.clear();
    weight_.clear();
    cumulative_.clear();
    near_mass_ = 0.0;
    far_bound_ = 0.0;
    auto consider = [&](index_t j, double d2) {
        if (!p_.allowed(q, j, d2)) return;
        const double w = p_.kernel(d2);
        if (!(w > 0.0)) return;
        near_.push_back(j);
        weight_.push_back(w);
        near_mass_ += w;
        cumulative_.push_back(near_mass_);
    };
    bool enumerate_all = x_.enumerate_all();
    double radius = x_.near_radius();
    if (x_.far_field() && p_.n_candidates > 0) {
        const double d_nn = std::sqrt(x_.tree()->k_nearest(p_.query_point(q), 1).front().squared_distance);
        radius = p_.kernel.near_radius_around(d_nn, radius);
        if (radius >= x_.half_periodic_side()) enumerate_all = true;
        // Rounding can leave a far point a hair inside the radius: widen the envelope by a
        // margin far below any statistical resolution so that K(d)/bound never exceeds 1.
        else far_bound_ = p_.kernel(radius * radius) * (1.0 + 1e-12);
    }
    if (enumerate_all) {
        for (index_t j = 0; j < p_.n_candidates; ++j) consider(j, p_.squared_distance(q, j));
        return;
    }
    x_.tree()->radius_search(p_.query_point(q), radius, found_);
    // The far-field test below needs the near set sorted by index; the tree promises that order.
    for (const auto& n : found_) consider(n.index, n.squared_distance);
}

std::uint64_t NearFarSampler::allowed_count() const {
    // Kernels with a far field are positive everywhere and have no mask (a mask bounds the
    // support, which is then enumerated): every candidate but the neuron itself is allowed.
    if (far_bound_ > 0.0)
        return p_.n_candidates - ((p_.exclude_self && q_ < p_.n_candidates) ? 1u : 0u);
    return near_.size();
}

bool NearFarSampler::is_near(index_t j) const { return std::binary_search(near_.begin(), near_.end(), j); }

index_t NearFarSampler::draw_exact(rng::engine& g) const {
    std::vector<index_t> idx;
    std::vector<double> w;
    enumerate(idx, w);
    std::vector<double> cumulative(w.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < w.size(); ++i) cumulative[i] = sum += w[i];
    if (!(sum > 0.0)) throw zero_kernel_mass(q_);
    const double u = rng::uniform01(g) * sum;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    std::size_t i = std::min<std::size_t>(it - cumulative.begin(), idx.size() - 1);
    while (w[i] <= 0.0 && i > 0) --i;   // u at the very top: the last partner of positive weight
    return idx[i];
}

index_t NearFarSampler::draw(rng::engine& g) const {
    const double far_mass = far_bound_ * p_.n_candidates;
    const double total = near_mass_ + far_mass;
    // Rejection is exact and, for any kernel the envelope fits, cheap; but where every K(d)
    // underflows to 0 (a gaussian beyond ~38.6 σ) it would never accept. Past a budget of
    // about four passes over the candidates the draw is made by enumeration instead: the value
    // accepted by rejection does not depend on the number of trials, so the switch keeps the
    // distribution exact, and a zero total mass is reported instead of looping.
    const std::uint64_t budget = 64 + 4 * std::uint64_t(p_.n_candidates);
    for (std::uint64_t trial = 0;; ++trial) {
        if (trial == budget || !(total > 0.0)) return draw_exact(g);
        const double u = rng::uniform01(g) * total;
        if (u < near_mass_) {
            const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
            return near_[std::min<std::size_t>(it - cumulative_.begin(), near_.size() - 1)];
        }
        const index_t j = rng::uniform_index(g, p_.n_candidates);
        if (is_self(j) || is_near(j)) continue;
        const double w = p_.kernel(p_.squared_distance(q_, j));
        if (rng::uniform01(g) * far_bound_ < w) return j;
    }
}

void NearFarSampler::enumerate(std::vector<index_t>& idx, std::vector<double>& w) const {
    if (far_bound_ > 0.0) {
        idx.clear();
        w.clear();
        for (index_t j = 0; j < p_.n_candidates; ++j) {
            if (is_self(j)) continue;
            idx.push_back(j);
            w.push_back(p_.kernel(p_.squared_distance(q_, j)));
        }
        return;
    }
    idx = near_;
    w = weight_;
}

void NearFarSampler::bernoulli(rng::engine& g, double p, std::vector<index_t>& out) const {
    out.clear();
    for (std::size_t i = 0; i < near_.size(); ++i)
        if (rng::uniform01(g) < p * weight_[i]) out.push_back(near_[i]);
    const double bound = far_bound_;
    if (!(bound > 0.0) || p <= 0.0) return;
    // Far pairs: Bernoulli(p·bound) by geometric skipping over all candidates, then thinned by
    // K(d)/bound; near ones were already tested above and are skipped here.
    const std::size_t near_count = out.size();
    const std::uint64_t n = p_.n_candidates;
    std::uint64_t j = 0;
    while (true) {
        const std::uint64_t skip = rng::geometric(g, p * bound);
        if (skip >= n - j) break;
        j += skip;
        const auto c = static_cast<index_t>(j);
        if (!is_self(c) && !is_near(c) && rng::uniform01(g) * bound < p_.kernel(p_.squared_distance(q_, c)))
            out.push_back(c);
        if (++j >= n) break;
    }
    std::inplace_merge(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(near_count), out.end());
}

}  // namespace neurowire::connect
