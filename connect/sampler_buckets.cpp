#include "connect/sampler_buckets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neurowire::connect {
namespace {

// Leaves of a k-d tree over `points`, with the tight bounding box of each leaf's members (the
// tree's own cell may be wider, which would only lower the acceptance rate).
void collect_leaves(const spatial::Positions& points, index_t leaf_size, std::size_t dims,
                    std::vector<std::size_t>& begin, std::vector<std::size_t>& end,
                    std::vector<index_t>& members, std::vector<double> (&low)[3],
                    std::vector<double> (&high)[3]) {
    const spatial::KdIndex tree(points, std::max<index_t>(1, leaf_size));
    members = tree.indices();
    for (const auto& leaf : tree.buckets()) {
        if (leaf.end <= leaf.begin) continue;
        begin.push_back(leaf.begin);
        end.push_back(leaf.end);
        for (std::size_t a = 0; a < dims; ++a) {
            double lo = std::numeric_limits<double>::infinity();
            double hi = -lo;
            for (std::size_t m = leaf.begin; m < leaf.end; ++m) {
                const double x = points.coords(a, members[m]);
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
            low[a].push_back(lo);
            high[a].push_back(hi);
        }
    }
}

// A 32-bit uniform in (0, 1): the acceptance tests need no more resolution and this is the hot loop.
inline double uniform32(rng::engine& g) { return (static_cast<double>(g()) + 0.5) * 0x1.0p-32; }

}  // namespace

BucketIndex::BucketIndex(const Problem& p) : p_(p) {
    r_cut_ = p.options.near_radius > 0.0 ? p.options.near_radius : p.kernel.cutoff_radius(p.options.cutoff);
    far_bound_ = p.kernel(r_cut_ * r_cut_) * (1.0 + 1e-12);
    collect_leaves(*p.candidates, p.options.leaf_size, p.dims, begin_, end_, members_, low_, high_);
    bucket_of_.resize(p.n_candidates);
    for (std::size_t b = 0; b < begin_.size(); ++b)
        for (std::size_t m = begin_[b]; m < end_[b]; ++m) bucket_of_[members_[m]] = static_cast<std::uint32_t>(b);
    collect_leaves(*p.query, p.options.group_size, p.dims, group_begin_, group_end_, group_members_,
                   group_low_, group_high_);
    fallback_ = std::make_unique<NearFarIndex>(p);
}

BucketIndex::~BucketIndex() = default;

BucketSampler::BucketSampler(const BucketIndex& index)
    : x_(index), p_(index.problem()), fallback_(index.fallback()), stamp_(index.bucket_count(), 0),
      gap2_(index.bucket_count()) {}

void BucketSampler::group_queries(std::size_t g, std::vector<index_t>& out) const {
    out.assign(x_.group_members_.begin() + static_cast<std::ptrdiff_t>(x_.group_begin_[g]),
               x_.group_members_.begin() + static_cast<std::ptrdiff_t>(x_.group_end_[g]));
    std::sort(out.begin(), out.end());
}

void BucketSampler::begin_group(std::size_t g) {
    ++group_stamp_;
    const std::size_t nb = x_.bucket_count();
    std::fill(gap2_.begin(), gap2_.end(), 0.0);
    for (std::size_t a = 0; a < p_.dims; ++a) {
        const double qlo = x_.group_low_[a][g], qhi = x_.group_high_[a][g];
        const double* blo = x_.low_[a].data();
        const double* bhi = x_.high_[a].data();
        double* gap2 = gap2_.data();
        if (!p_.extent.is_periodic(a)) {
            for (std::size_t b = 0; b < nb; ++b) {
                const double gap = std::max(0.0, std::max(blo[b] - qhi, qlo - bhi[b]));
                gap2[b] += gap * gap;
            }
            continue;
        }
        // Minimum image: the nearest of the box's images one side length either way.
        const double side = p_.extent.side(a);
        for (std::size_t b = 0; b < nb; ++b) {
            double gap = std::max(0.0, std::max(blo[b] - qhi, qlo - bhi[b]));
            gap = std::min(gap, std::max(0.0, std::max(blo[b] + side - qhi, qlo - bhi[b] - side)));
            gap = std::min(gap, std::max(0.0, std::max(blo[b] - side - qhi, qlo - bhi[b] + side)));
            gap2[b] += gap * gap;
        }
    }
    near_bucket_.clear();
    envelope_.clear();
    mass_.clear();
    near_mass_ = 0.0;
    const double r2 = x_.cutoff_radius() * x_.cutoff_radius();
    for (std::size_t b = 0; b < nb; ++b) {
        if (gap2_[b] > r2) continue;
        const double k = p_.kernel(gap2_[b]);
        stamp_[b] = group_stamp_;
        near_bucket_.push_back(static_cast<std::uint32_t>(b));
        envelope_.push_back(k);
        mass_.push_back(k * static_cast<double>(x_.end_[b] - x_.begin_[b]));
        near_mass_ += mass_.back();
    }
    build_alias();
}

void BucketSampler::build_alias() {
    // Vose's construction, in a fixed order: the table depends only on the group.
    const std::size_t m = mass_.size() + 1;
    const double far_mass = x_.far_bound() * p_.n_candidates;
    const double scale = double(m) / (near_mass_ + far_mass);
    alias_keep_.resize(m);
    alias_other_.resize(m);
    small_.clear();
    large_.clear();
    for (std::size_t i = 0; i < m; ++i) {
        alias_keep_[i] = (i + 1 < m ? mass_[i] : far_mass) * scale;
        alias_other_[i] = static_cast<std::uint32_t>(i);
        (alias_keep_[i] < 1.0 ? small_ : large_).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small_.empty() && !large_.empty()) {
        const std::uint32_t s = small_.back(), l = large_.back();
        small_.pop_back();
        alias_other_[s] = l;
        alias_keep_[l] -= 1.0 - alias_keep_[s];
        if (alias_keep_[l] < 1.0) {
            large_.pop_back();
            small_.push_back(l);
        }
    }
    // What is left is 1 up to rounding.
    for (const std::uint32_t i : small_) alias_keep_[i] = 1.0;
    for (const std::uint32_t i : large_) alias_keep_[i] = 1.0;
}

index_t BucketSampler::draw(rng::engine& g) {
    if (use_fallback_) return fallback_.draw(g);
    // Typical acceptance is above 1/4; 256 straight rejections mean this query's envelope is
    // far off, and the near/far sampler (exact weights near the query) is the faster way.
    constexpr int trials_before_fallback = 256;
    int trials = 0;
    const double far_bound = x_.far_bound();
    const auto far_entry = static_cast<std::uint32_t>(mass_.size());
    const auto entries = far_entry + 1;
    while (true) {
        if (++trials > trials_before_fallback) {
            use_fallback_ = true;
            fallback_.begin_query(q_);
            return fallback_.draw(g);
        }
        std::uint32_t e = rng::uniform_index(g, entries);
        if (rng::uniform01(g) >= alias_keep_[e]) e = alias_other_[e];
        if (e != far_entry) {
            const std::uint32_t b = near_bucket_[e];
            const auto n_b = static_cast<std::uint32_t>(x_.end_[b] - x_.begin_[b]);
            const index_t j = x_.members_[x_.begin_[b] + rng::uniform_index(g, n_b)];
            if (is_self(j)) continue;
            if (uniform32(g) * envelope_[e] < p_.kernel(p_.squared_distance(q_, j))) return j;
            continue;
        }
        const index_t j = rng::uniform_index(g, p_.n_candidates);
        if (is_self(j) || in_near_bucket(j)) continue;
        if (uniform32(g) * far_bound < p_.kernel(p_.squared_distance(q_, j))) return j;
    }
}

void BucketSampler::enumerate(std::vector<index_t>& idx, std::vector<double>& w) const {
    idx.clear();
    w.clear();
    for (index_t j = 0; j < p_.n_candidates; ++j) {
        if (is_self(j)) continue;
        idx.push_back(j);
        w.push_back(p_.kernel(p_.squared_distance(q_, j)));
    }
}

void BucketSampler::bernoulli(rng::engine& g, double p, std::vector<index_t>& out) const {
    out.clear();
    if (p <= 0.0) return;
    // Each near bucket: Bernoulli(p·K(δ)) over its members by geometric skipping, thinned by
    // K(d)/K(δ); the far field the same way over all candidates with the bound K(r_cut).
    auto thin_run = [&](double envelope, std::uint64_t n, auto&& candidate_at) {
        std::uint64_t i = 0;
        while (true) {
            const std::uint64_t skip = rng::geometric(g, p * envelope);
            if (skip >= n - i) break;
            i += skip;
            const index_t j = candidate_at(i);
            if (!is_self(j) && uniform32(g) * envelope < p_.kernel(p_.squared_distance(q_, j))) out.push_back(j);
            if (++i >= n) break;
        }
    };
    for (std::size_t k = 0; k < near_bucket_.size(); ++k) {
        const std::uint32_t b = near_bucket_[k];
        if (!(envelope_[k] > 0.0)) continue;
        thin_run(envelope_[k], x_.end_[b] - x_.begin_[b],
                 [&](std::uint64_t i) { return x_.members_[x_.begin_[b] + i]; });
    }
    if (x_.far_bound() > 0.0) {
        const std::size_t near_count = out.size();
        thin_run(x_.far_bound(), p_.n_candidates, [&](std::uint64_t i) { return static_cast<index_t>(i); });
        // Far hits inside near buckets were already decided there: drop them.
        out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(near_count), out.end(),
                                 [&](index_t j) { return in_near_bucket(j); }),
                  out.end());
    }
    std::sort(out.begin(), out.end());
}

}  // namespace neurowire::connect
