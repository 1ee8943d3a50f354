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
[[gnu::always_inline]] inline std::uint32_t bounded(rng::engine& g, std::uint32_t n) {
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
[[gnu::always_inline]] inline double uniform32(rng::engine& g) { return (static_cast<double>(g()) + 0.5) * 0x1.0p-32; }

// x rounded to an integer (ties to even), for |x| < 2^51: plain arithmetic, so the distance
// loop vectorises (std::round is a library call without SSE4.1). Ties are a period/2 offset,
// where both images are equally far, so the rounding direction does not matter.
[[gnu::always_inline]] inline double round_to_integer(double x) {
    constexpr double shifter = 0x1.8p52;
    return (x + shifter) - shifter;
}

}  // namespace

BucketIndex::BucketIndex(const Problem& p) : p_(p) {
    r_cut_ = p.options.near_radius > 0.0 ? p.options.near_radius : p.kernel.cutoff_radius(p.options.cutoff);
    far_bound_ = p.kernel(r_cut_ * r_cut_) * (1.0 + 1e-12);
    collect_leaves(*p.candidates, p.options.leaf_size, p.dims, begin_, end_, members_, low_, high_);
    // Queries among the candidates themselves (one population onto itself) with equal leaf
    // sizes have the same leaves: the query tree need not be built again.
    if (p.query == p.candidates && p.options.group_size == p.options.leaf_size) {
        Leaves same{begin_, end_, members_, {low_[0], low_[1], low_[2]}, {high_[0], high_[1], high_[2]}};
        query_leaves_ = std::move(same);
    }
    // The grid: cells about r_cut/2 wide (a group then scans a little more than the disc it
    // can reach), but no more cells than buckets; a periodic axis gets a whole number of cells
    // per side so that cell indices wrap with the coordinates.
    grid_axes_ = std::min<std::size_t>(p.dims, 2);
    const std::size_t n_buckets = begin_.size();
    double target_cell = std::max(r_cut_ / 2.0, 1e-300);
    for (int attempt = 0; attempt < 64; ++attempt) {
        double cells = 1.0;
        for (std::size_t a = 0; a < grid_axes_; ++a) {
            GridAxis& axis = grid_[a];
            axis.periodic = p.extent.is_periodic(a);
            const double low = axis.periodic ? p.extent.low(a) : *std::min_element(low_[a].begin(), low_[a].end());
            const double high = axis.periodic ? p.extent.high(a) : *std::max_element(low_[a].begin(), low_[a].end());
            const double span = high - low;
            const double n = std::isfinite(span / target_cell) ? std::floor(span / target_cell) : 1.0;
            axis.n = static_cast<std::uint32_t>(std::clamp(n, 1.0, 1e6));
            axis.origin = low;
            axis.cell = axis.periodic || span > 0.0 ? std::max(span, 1e-300) / axis.n : 1.0;
            if (!axis.periodic && span > 0.0 && axis.n > 1) {
                // Lower corners at exactly `high` belong to the last cell, not one past it.
                axis.cell = span / axis.n * (1.0 + 1e-12);
            }
            cells *= axis.n;
        }
        if (cells <= std::max<double>(1.0, static_cast<double>(n_buckets))) break;
        target_cell *= std::sqrt(cells / static_cast<double>(n_buckets));
    }
    std::vector<std::uint32_t> cell(n_buckets, 0);
    std::size_t n_cells = 1;
    for (std::size_t a = 0; a < grid_axes_; ++a) n_cells *= grid_[a].n;
    for (std::size_t b = 0; b < n_buckets; ++b) {
        std::uint32_t c = 0;
        for (std::size_t a = grid_axes_; a-- > 0;) c = c * grid_[a].n + grid_[a].cell_of(low_[a][b]);
        cell[b] = c;
        for (std::size_t a = 0; a < grid_axes_; ++a) grid_[a].max_width = std::max(grid_[a].max_width, high_[a][b] - low_[a][b]);
    }
    // Counting sort by cell; within a cell buckets keep tree order.
    cell_start_.assign(n_cells + 1, 0);
    for (std::size_t b = 0; b < n_buckets; ++b) ++cell_start_[cell[b] + 1];
    for (std::size_t c = 0; c < n_cells; ++c) cell_start_[c + 1] += cell_start_[c];
    std::vector<std::size_t> order(n_buckets);
    {
        std::vector<std::uint32_t> next(cell_start_.begin(), cell_start_.end() - 1);
        for (std::size_t b = 0; b < n_buckets; ++b) order[next[cell[b]]++] = b;
    }
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
    member_records_.resize(members_.size() * record_stride());
    for (std::size_t m = 0; m < members_.size(); ++m) {
        double* record = member_records_.data() + m * record_stride();
        for (std::size_t a = 0; a < p.dims; ++a) record[a] = p.candidates->coords(a, members_[m]);
        record[p.dims] = static_cast<double>(members_[m]);
    }
    bucket_of_.resize(p.n_candidates);
    for (std::size_t b = 0; b < begin_.size(); ++b)
        for (std::size_t m = begin_[b]; m < end_[b]; ++m) bucket_of_[members_[m]] = static_cast<std::uint32_t>(b);
    merge_query_leaves(p);
}

void BucketIndex::merge_query_leaves(const Problem& p) {
    Leaves leaves;
    if (query_leaves_) leaves = std::move(*query_leaves_);
    else collect_leaves(*p.query, p.options.group_size, p.dims, leaves.begin, leaves.end, leaves.members, leaves.low, leaves.high);
    query_leaves_.reset();
    const auto& leaf_begin = leaves.begin;
    const auto& leaf_end = leaves.end;
    const auto& leaf_members = leaves.members;
    const auto& leaf_low = leaves.low;
    const auto& leaf_high = leaves.high;
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

std::uint32_t BucketIndex::GridAxis::cell_of(double x) const {
    const double c = std::floor((x - origin) / cell);
    if (periodic) {
        const double wrapped = c - static_cast<double>(n) * std::floor(c / static_cast<double>(n));
        return std::min(static_cast<std::uint32_t>(wrapped), n - 1);
    }
    return static_cast<std::uint32_t>(std::clamp(c, 0.0, static_cast<double>(n - 1)));
}

std::size_t BucketIndex::cell_runs(std::size_t a, double low, double high, CellRun (&runs)[2]) const {
    const GridAxis& axis = grid_[a];
    // A bucket within r_cut of [low, high] has its lower corner in [low − r_cut − width, high + r_cut].
    const double from = std::floor((low - r_cut_ - axis.max_width - axis.origin) / axis.cell);
    const double to = std::floor((high + r_cut_ - axis.origin) / axis.cell);
    const double n = static_cast<double>(axis.n);
    if (!axis.periodic) {
        if (to < 0.0 || from > n - 1.0) return 0;
        runs[0] = {static_cast<std::uint32_t>(std::max(from, 0.0)), static_cast<std::uint32_t>(std::min(to, n - 1.0))};
        return 1;
    }
    if (to - from + 1.0 >= n) {
        runs[0] = {0, axis.n - 1};
        return 1;
    }
    const auto first = static_cast<std::uint32_t>(from - n * std::floor(from / n));
    const auto length = static_cast<std::uint32_t>(to - from + 1.0);
    if (first + length <= axis.n) {
        runs[0] = {first, first + length - 1};
        return 1;
    }
    runs[0] = {first, axis.n - 1};
    runs[1] = {0, first + length - 1 - axis.n};
    return 2;
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
    near_.clear();
    BucketIndex::CellRun runs[2][2];
    std::size_t n_runs[2] = {1, 1};
    runs[1][0] = {0, 0};
    for (std::size_t a = 0; a < x_.grid_axes_; ++a)
        n_runs[a] = x_.cell_runs(a, x_.group_low_[a][g], x_.group_high_[a][g], runs[a]);
    const std::uint32_t n0 = x_.grid_[0].n;
    for (std::size_t r1 = 0; r1 < n_runs[1]; ++r1)
        for (std::uint32_t c1 = runs[1][r1].first; c1 <= runs[1][r1].last; ++c1)
            for (std::size_t r0 = 0; r0 < n_runs[0]; ++r0)
                scan_buckets(g, x_.cell_start_[c1 * n0 + runs[0][r0].first],
                             x_.cell_start_[c1 * n0 + runs[0][r0].last + 1]);
    build_guide();
}

// Files the buckets [first, last) that lie within r_cut of group g's box as near buckets.
void BucketSampler::scan_buckets(std::size_t g, std::size_t first, std::size_t last) {
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
    const double r2 = x_.cutoff_radius() * x_.cutoff_radius();
    const std::size_t before = near_.size();
    for (std::size_t i = 0; i < nb; ++i) {
        if (gap2_[i] > r2) continue;
        const std::size_t b = first + i;
        stamp_[b] = group_stamp_;
        near_.push_back({static_cast<std::uint32_t>(x_.begin_[b]), static_cast<std::uint32_t>(x_.end_[b] - x_.begin_[b]),
                         0.0, p_.kernel.exponent(gap2_[i])});
    }
    // The envelopes K(δ) in one vectorised pass; 1 + 1e-12 keeps them upper bounds of every
    // member's K(d) despite exp_neg's last-digit error.
    NearBucket* added = near_.data() + before;
    const std::size_t n_added = near_.size() - before;
    double* k = gap2_.data();   // scratch again: gap2_[i] is no longer needed
    for (std::size_t i = 0; i < n_added; ++i) k[i] = added[i].exponent;
    exp_neg_each(k, n_added);
    for (std::size_t i = 0; i < n_added; ++i) k[i] *= 1.0 + 1e-12;
    for (std::size_t i = 0; i < n_added; ++i) added[i].envelope = k[i];
}

void BucketSampler::build_guide() {
    const std::size_t m = near_.size() + 1;
    cumulative_.resize(m);
    double sum = 0.0;
    for (std::size_t e = 0; e + 1 < m; ++e) cumulative_[e] = sum += near_[e].envelope * near_[e].count;
    cumulative_[m - 1] = sum += x_.far_bound() * p_.n_candidates;
    // The far field as the last entry: any candidate, uniformly, under the bound K(r_cut).
    near_.push_back({0, static_cast<std::uint32_t>(p_.n_candidates), x_.far_bound(), 0.0});
    total_mass_ = sum;
    mass_per_u_ = sum * 0x1.0p-32;
    // guide_[i]: where the search starts for a draw in the i-th of 2m equal slices of [0, 2^32):
    // the number of entries whose cumulative mass lies surely below the slice's lowest mass.
    // Entry e is counted from slice ⌊c_e/step⌋ + 1 on, the first whose lowest mass exceeds c_e:
    // step is shrunk by 1e-12, far more than rounding, so a search never starts past its
    // answer. Counting and a prefix sum, not a merge whose branches mispredicted at every entry.
    const std::size_t slices = 2 * m;
    const double step = total_mass_ / static_cast<double>(slices) * (1.0 - 1e-12);
    guide_.assign(slices + 2, 0);   // entries beyond the last slice land in the spare end
    for (std::size_t e = 0; e + 1 < m; ++e) {
        const double from = std::min(cumulative_[e] / step, static_cast<double>(slices));
        ++guide_[static_cast<std::size_t>(from) + 1];
    }
    std::uint32_t below = 0;
    for (std::size_t i = 0; i < slices; ++i) guide_[i] = below += guide_[i];
    guide_.resize(slices);
}

// One draw is draw_many of one: a single loop to keep exact.
index_t BucketSampler::draw(rng::engine& g) {
    index_t j = 0;
    draw_many(g, 1, &j);
    return j;
}

index_t BucketSampler::start_fallback(rng::engine& g) {
    use_fallback_ = true;
    if (!fallback_) fallback_.emplace(x_.fallback());
    fallback_->begin_query(q_);
    return fallback_->draw(g);
}

// The rejection loop for one kernel and dimension. A proposal picks a near bucket (or the far
// field) by its envelope mass, a member uniformly, and accepts with K(d)/K(δ); 256 straight
// rejections mean this query's envelope is far off, and the near/far sampler (exact weights
// near the query) takes over — a rejection sampler's accepted value does not depend on how
// many trials it took, so switching keeps every draw exact.
//
// Proposals go in batches, one pass per step: draw every proposal's random numbers, then read
// the members and compute distances, then the acceptance ratios, then keep the accepted in
// order. One trial at a time was a chain of dependent loads ending in a coin-flip branch;
// passes over a batch have no dependences between trials, so loads overlap and the ratio loop
// vectorises. Proposals left over when k are accepted are discarded: they are independent of
// the kept ones, so dropping them changes no probability.
template <std::size_t Dims, bool Periodic, class Exponent>
void BucketSampler::draw_loop(rng::engine& stream, std::uint64_t k, index_t* out, Exponent exponent) {
    // A local copy of the engine stays in registers; the caller's is updated at the end.
    rng::engine g = stream;
    constexpr std::uint64_t proposals_before_fallback = 256;
    constexpr std::size_t batch_max = 64;
    const auto far_entry = static_cast<std::uint32_t>(near_.size() - 1);
    const double* records = x_.member_records_.data();
    const NearBucket* entries = near_.data();
    const index_t self = p_.exclude_self ? q_ : std::numeric_limits<index_t>::max();
    double q[Dims], period[Dims];
    for (std::size_t a = 0; a < Dims; ++a) {
        q[a] = query_point_[a];
        period[a] = p_.period[a];
    }
    alignas(64) std::uint32_t entry[batch_max], slot[batch_max];
    alignas(64) index_t candidate[batch_max], kept[batch_max];
    alignas(64) double coin[batch_max], ratio[batch_max], envelope_exponent[batch_max];
    std::uint64_t i = 0;
    std::uint64_t since_accept = 0;   // proposals rejected since the last acceptance
    while (i < k) {
        if (use_fallback_) {
            out[i++] = fallback_->draw(g);
            continue;
        }
        if (since_accept >= proposals_before_fallback) [[unlikely]] {
            out[i++] = start_fallback(g);
            continue;
        }
        // About twice the draws still wanted (acceptance is typically one half), at least a few.
        const std::size_t n = std::min<std::uint64_t>(batch_max, std::max<std::uint64_t>(4, 2 * (k - i)));
        for (std::size_t t = 0; t < n; ++t) {
            const std::uint32_t e = pick_entry(g());
            const NearBucket& b = entries[e];
            entry[t] = e;
            slot[t] = b.begin + bounded(g, b.count);
            envelope_exponent[t] = b.exponent;
            coin[t] = uniform32(g);
        }
        // A far-field proposal's slot is a candidate index, not a record: its distance here is
        // meaningless (but the read is in bounds) and it is decided below.
        for (std::size_t t = 0; t < n; ++t) {
            const double* c = records + std::size_t{slot[t]} * (Dims + 1);
            const auto j = static_cast<index_t>(c[Dims]);
            double d2 = 0.0;
            for (std::size_t a = 0; a < Dims; ++a) {
                double d = q[a] - c[a];
                if (Periodic && period[a] > 0.0) d -= period[a] * round_to_integer(d / period[a]);
                d2 += d * d;
            }
            candidate[t] = j;
            // The query itself, where excluded, gets a ratio of e^(−708), below every coin.
            ratio[t] = j != self ? exponent(d2) - envelope_exponent[t] : 1e300;
        }
        // The acceptance ratio K(d)/K(δ) = e^(−x); x < 0 is a rounding artefact of d = δ and
        // gives a ratio above 1, which accepts.
        exp_neg_each(ratio, n);
        // The far field is the last entry, so a batch has far proposals when its largest entry is it.
        if (*std::max_element(entry, entry + n) == far_entry) [[unlikely]]
            decide_far_proposals(n, entry, slot, coin, candidate, ratio);
        // Keep the accepted in proposal order, without a branch on the (coin-flip) outcome.
        std::size_t accepted = 0, last = 0;
        for (std::size_t t = 0; t < n; ++t) {
            const bool accept = coin[t] < ratio[t];
            kept[accepted] = candidate[t];
            accepted += accept;
            last = accept ? t : last;
        }
        const std::uint64_t take = std::min<std::uint64_t>(accepted, k - i);
        std::copy_n(kept, take, out + i);
        i += take;
        since_accept = accepted > 0 ? n - 1 - last : since_accept + n;
    }
    stream = g;
}

// The far-field proposals of a batch: candidate j uniform among all, accepted with
// K(d)/K(r_cut) unless j is in a near bucket (its mass is proposed there). Written back as a
// candidate and a ratio of 2 (accept) or 0 (reject) for the keep pass.
void BucketSampler::decide_far_proposals(std::size_t n, const std::uint32_t* entry, const std::uint32_t* slot,
                                         const double* coin, index_t* candidate, double* ratio) const {
    const auto far_entry = static_cast<std::uint32_t>(near_.size() - 1);
    for (std::size_t t = 0; t < n; ++t) {
        if (entry[t] != far_entry) continue;
        const index_t j = slot[t];
        candidate[t] = j;
        const bool accept = !is_self(j) && !in_near_bucket(j) &&
                            coin[t] * x_.far_bound() < p_.kernel(p_.squared_distance(q_, j));
        ratio[t] = accept ? 2.0 : 0.0;
    }
}

void BucketSampler::draw_many(rng::engine& g, std::uint64_t k, index_t* out) {
    const bool periodic = p_.extent.any_periodic();
    const KernelFn& kernel = p_.kernel;
    auto with_dims = [&](auto exponent) {
        switch (p_.dims) {
            case 1: periodic ? draw_loop<1, true>(g, k, out, exponent) : draw_loop<1, false>(g, k, out, exponent); return;
            case 2: periodic ? draw_loop<2, true>(g, k, out, exponent) : draw_loop<2, false>(g, k, out, exponent); return;
            default: periodic ? draw_loop<3, true>(g, k, out, exponent) : draw_loop<3, false>(g, k, out, exponent); return;
        }
    };
    if (kernel.kind == kernel_kind::gaussian) {
        const double a = kernel.inv_two_sigma2;
        with_dims([a](double d2) { return d2 * a; });
    } else {
        const double b = kernel.inv_lambda;
        with_dims([b](double d2) { return std::sqrt(d2) * b; });
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
    for (std::size_t e = 0; e + 1 < near_.size(); ++e) {   // the last entry is the far field
        const NearBucket& b = near_[e];
        if (!(b.envelope > 0.0)) continue;
        thin_run(b.envelope, b.count, [&](std::uint64_t i) { return x_.members_[b.begin + i]; });
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
