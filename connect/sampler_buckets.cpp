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

// Unbiased integer in [0, n) by Lemire's multiply-and-reject: pcg's bounded draw divides twice
// per call, which dominated the proposal loop.
inline std::uint32_t bounded(rng::engine& g, std::uint32_t n) {
    std::uint64_t m = std::uint64_t(g()) * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
        const std::uint32_t threshold = (0u - n) % n;
        while (low < threshold) {
            m = std::uint64_t(g()) * n;
            low = static_cast<std::uint32_t>(m);
        }
    }
    return static_cast<std::uint32_t>(m >> 32);
}

// A 32-bit uniform in (0, 1): the acceptance tests need no more resolution and this is the hot loop.
inline double uniform32(rng::engine& g) { return (static_cast<double>(g()) + 0.5) * 0x1.0p-32; }

}  // namespace

BucketIndex::BucketIndex(const Problem& p) : p_(p) {
    r_cut_ = p.options.near_radius > 0.0 ? p.options.near_radius : p.kernel.cutoff_radius(p.options.cutoff);
    far_bound_ = p.kernel(r_cut_ * r_cut_) * (1.0 + 1e-12);
    collect_leaves(*p.candidates, p.options.leaf_size, p.dims, begin_, end_, members_, low_, high_);
    // Buckets sorted by their lower edge on axis 0: a query group then scans only the strip of
    // buckets that can lie within r_cut, not all of them.
    std::vector<std::size_t> order(begin_.size());
    for (std::size_t b = 0; b < order.size(); ++b) order[b] = b;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return low_[0][a] < low_[0][b] || (low_[0][a] == low_[0][b] && a < b);
    });
    auto permute = [&](auto& v) {
        auto copy = v;
        for (std::size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
    };
    permute(begin_);
    permute(end_);
    for (std::size_t a = 0; a < p.dims; ++a) {
        permute(low_[a]);
        permute(high_[a]);
    }
    for (std::size_t b = 0; b < begin_.size(); ++b) max_width0_ = std::max(max_width0_, high_[0][b] - low_[0][b]);
    member_coords_.resize(members_.size() * p.dims);
    for (std::size_t m = 0; m < members_.size(); ++m)
        for (std::size_t a = 0; a < p.dims; ++a) member_coords_[m * p.dims + a] = p.candidates->coords(a, members_[m]);
    bucket_of_.resize(p.n_candidates);
    for (std::size_t b = 0; b < begin_.size(); ++b)
        for (std::size_t m = begin_[b]; m < end_[b]; ++m) bucket_of_[members_[m]] = static_cast<std::uint32_t>(b);
    merge_query_leaves(p);
}

void BucketIndex::merge_query_leaves(const Problem& p) {
    std::vector<std::size_t> leaf_begin, leaf_end;
    std::vector<index_t> leaf_members;
    std::vector<double> leaf_low[3], leaf_high[3];
    collect_leaves(*p.query, p.options.group_size, p.dims, leaf_begin, leaf_end, leaf_members, leaf_low, leaf_high);
    // A group's table costs O(buckets) to build, so for wide kernels neighbouring leaves (tree
    // order is spatially coherent) are merged while the group box stays small against the kernel
    // width — that keeps the acceptance rate high. Narrow kernels keep the leaves as they are.
    const double scale = p.kernel.kind == kernel_kind::gaussian ? std::sqrt(0.5 / p.kernel.inv_two_sigma2)
                                                                : 1.0 / p.kernel.inv_lambda;
    const double max_diag2 = 0.25 * scale * scale;
    constexpr std::size_t max_members = 4096;
    double low[3], high[3];
    std::size_t count = 0;
    auto close_group = [&] {
        if (count == 0) return;
        group_end_.push_back(group_members_.size());
        for (std::size_t a = 0; a < p.dims; ++a) {
            group_low_[a].push_back(low[a]);
            group_high_[a].push_back(high[a]);
        }
        count = 0;
    };
    for (std::size_t l = 0; l < leaf_begin.size(); ++l) {
        const std::size_t n = leaf_end[l] - leaf_begin[l];
        double diag2 = 0.0;
        for (std::size_t a = 0; a < p.dims && count > 0; ++a) {
            const double w = std::max(high[a], leaf_high[a][l]) - std::min(low[a], leaf_low[a][l]);
            diag2 += w * w;
        }
        if (count > 0 && (diag2 > max_diag2 || count + n > max_members)) close_group();
        if (count == 0) {
            group_begin_.push_back(group_members_.size());
            for (std::size_t a = 0; a < p.dims; ++a) {
                low[a] = leaf_low[a][l];
                high[a] = leaf_high[a][l];
            }
        }
        for (std::size_t a = 0; a < p.dims; ++a) {
            low[a] = std::min(low[a], leaf_low[a][l]);
            high[a] = std::max(high[a], leaf_high[a][l]);
        }
        group_members_.insert(group_members_.end(), leaf_members.begin() + static_cast<std::ptrdiff_t>(leaf_begin[l]),
                              leaf_members.begin() + static_cast<std::ptrdiff_t>(leaf_end[l]));
        count += n;
    }
    close_group();
}

BucketIndex::~BucketIndex() = default;

BucketSampler::BucketSampler(const BucketIndex& index)
    : x_(index), p_(index.problem()), stamp_(index.bucket_count(), 0),
      gap2_(index.bucket_count()) {}

void BucketSampler::group_queries(std::size_t g, std::vector<index_t>& out) const {
    out.assign(x_.group_members_.begin() + static_cast<std::ptrdiff_t>(x_.group_begin_[g]),
               x_.group_members_.begin() + static_cast<std::ptrdiff_t>(x_.group_end_[g]));
    std::sort(out.begin(), out.end());
}

void BucketSampler::begin_group(std::size_t g) {
    ++group_stamp_;
    const double r_cut = x_.cutoff_radius();
    std::size_t first = 0, last = x_.bucket_count();
    if (!p_.extent.is_periodic(0)) {
        const auto& low0 = x_.low_[0];
        const double from = x_.group_low_[0][g] - r_cut - x_.max_width0_;
        const double to = x_.group_high_[0][g] + r_cut;
        first = std::size_t(std::lower_bound(low0.begin(), low0.end(), from) - low0.begin());
        last = std::size_t(std::upper_bound(low0.begin(), low0.end(), to) - low0.begin());
    }
    const std::size_t nb = last > first ? last - first : 0;
    std::fill(gap2_.begin(), gap2_.begin() + static_cast<std::ptrdiff_t>(nb), 0.0);
    for (std::size_t a = 0; a < p_.dims; ++a) {
        const double qlo = x_.group_low_[a][g], qhi = x_.group_high_[a][g];
        const double* blo = x_.low_[a].data() + first;
        const double* bhi = x_.high_[a].data() + first;
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
    const double r2 = r_cut * r_cut;
    for (std::size_t i = 0; i < nb; ++i) {
        if (gap2_[i] > r2) continue;
        const std::size_t b = first + i;
        const double k = p_.kernel(gap2_[i]);
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
    if (use_fallback_) return fallback_->draw(g);
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
            if (!fallback_) fallback_.emplace(x_.fallback());
            fallback_->begin_query(q_);
            return fallback_->draw(g);
        }
        std::uint32_t e = bounded(g, entries);
        if (rng::uniform01(g) >= alias_keep_[e]) e = alias_other_[e];
        if (e != far_entry) {
            const std::uint32_t b = near_bucket_[e];
            const auto n_b = static_cast<std::uint32_t>(x_.end_[b] - x_.begin_[b]);
            const std::size_t slot = x_.begin_[b] + bounded(g, n_b);
            const index_t j = x_.members_[slot];
            if (is_self(j)) continue;
            const double d2 = p_.squared_distance_between(query_point_, x_.member_coords_.data() + slot * p_.dims);
            if (p_.kernel.exceeds(uniform32(g) * envelope_[e], d2)) return j;
            continue;
        }
        const index_t j = bounded(g, p_.n_candidates);
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
