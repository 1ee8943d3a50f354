#pragma once
// The bucket sampler (docs/architecture.md, "Where to find"): for wide kernels the near set is everything, so
// bound whole k-d tree leaves instead of single neurons. Queries are grouped by the leaves of a
// tree over the query positions; for a query group Q and candidate bucket b with n_b members and
// box distance δ_Qb, every member's weight is <= K(δ_Qb) for every query in Q. Pick a bucket by
// n_b·K(δ_Qb), a member uniformly, accept with K(d)/K(δ_Qb): exact, and the table is built once
// per group. Buckets beyond r_cut form the far field, drawn as in the near/far sampler.
// Only for kernels with unbounded support and no mask (those go to the near/far sampler).
// Where the envelope is poor (a query far from its group's candidates relative to the kernel
// width, e.g. in the sparse outskirts of a gaussian cloud) a draw that keeps being rejected is
// handed to the near/far sampler. That keeps every draw exact: a rejection sampler's accepted
// value is independent of how many trials it took, so abandoning one after a fixed number of
// trials and drawing afresh elsewhere leaves the distribution unchanged.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "connect/problem.hpp"
#include "connect/sampler_near_far.hpp"
#include "core/rng.hpp"
#include "spatial/kd_index.hpp"

namespace neurowire::connect {

class BucketIndex {
public:
    explicit BucketIndex(const Problem& problem);
    ~BucketIndex();

    const Problem& problem() const { return p_; }
    double cutoff_radius() const { return r_cut_; }
    double far_bound() const { return far_bound_; }
    // Built on first use (a k-d tree over the candidates): most runs never need it.
    const NearFarIndex& fallback() const {
        std::call_once(fallback_built_, [&] { fallback_ = std::make_unique<NearFarIndex>(p_); });
        return *fallback_;
    }

    // Candidate buckets, struct of arrays; boxes are the members' tight bounding boxes.
    std::size_t bucket_count() const { return begin_.size(); }
    std::vector<std::size_t> begin_, end_;
    std::vector<double> low_[3], high_[3];
    std::vector<index_t> members_;        // candidate indices, bucket by bucket
    // One record per member, in the same order: its coordinates, then its index (exact as a
    // double), so that a proposal reads one cache line, not two.
    std::vector<double> member_records_;
    std::size_t record_stride() const { return p_.dims + 1; }
    std::vector<std::uint32_t> bucket_of_;  // candidate → bucket

    // A uniform grid over the first one or two axes. Each bucket is filed under the cell of its
    // lower corner and buckets are stored cell by cell, so a query group visits only the cells
    // within reach of r_cut: a few hundred buckets, not a strip across the whole population.
    struct GridAxis {
        double origin = 0.0, cell = 1.0, max_width = 0.0;   // max_width: widest bucket
        std::uint32_t n = 1;
        bool periodic = false;
        std::uint32_t cell_of(double x) const;
    };
    struct CellRun {
        std::uint32_t first, last;   // inclusive cell range on one axis
    };
    std::size_t grid_axes_ = 0;
    GridAxis grid_[2];
    std::vector<std::uint32_t> cell_start_;   // buckets of cell c: [cell_start_[c], cell_start_[c + 1])
    // The cells of one axis whose buckets may reach [low, high] widened by r_cut: at most two
    // runs (a periodic axis wraps around).
    std::size_t cell_runs(std::size_t axis, double low, double high, CellRun (&runs)[2]) const;

    // Query groups: members and tight boxes.
    std::vector<std::size_t> group_begin_, group_end_;
    std::vector<index_t> group_members_;
    std::vector<double> group_low_[3], group_high_[3];

private:
    void merge_query_leaves(const Problem& p);

    struct Leaves {
        std::vector<std::size_t> begin, end;
        std::vector<index_t> members;
        std::vector<double> low[3], high[3];
    };
    std::optional<Leaves> query_leaves_;   // set while constructing, when they equal the buckets

    const Problem& p_;
    double r_cut_ = 0.0;
    double far_bound_ = 0.0;
    mutable std::once_flag fallback_built_;
    mutable std::unique_ptr<NearFarIndex> fallback_;
};

class BucketSampler {
public:
    explicit BucketSampler(const BucketIndex& index);

    std::size_t group_count() const { return x_.group_begin_.size(); }
    void group_queries(std::size_t g, std::vector<index_t>& out) const;
    void begin_group(std::size_t g);
    void begin_query(index_t q) {
        q_ = q;
        query_point_ = p_.query_point(q);
        use_fallback_ = false;
    }
    std::uint64_t allowed_count() const {
        return p_.n_candidates - ((p_.exclude_self && q_ < p_.n_candidates) ? 1u : 0u);
    }
    index_t draw(rng::engine& g);
    // k independent draws into out, from a loop specialised for the kernel and the dimension,
    // with everything per query hoisted out of it. Proposals go in batches sized to k, so k
    // calls of draw() consume the stream differently: equal in distribution, not in values.
    void draw_many(rng::engine& g, std::uint64_t k, index_t* out);
    void enumerate(std::vector<index_t>& idx, std::vector<double>& w) const;
    void bernoulli(rng::engine& g, double p, std::vector<index_t>& out) const;

private:
    bool is_self(index_t j) const { return p_.exclude_self && j == q_; }
    bool in_near_bucket(index_t j) const { return stamp_[x_.bucket_of_[j]] == group_stamp_; }
    template <std::size_t Dims, bool Periodic, class Exponent>
    void draw_loop(rng::engine& g, std::uint64_t k, index_t* out, Exponent exponent);
    index_t start_fallback(rng::engine& g);
    void decide_far_proposals(std::size_t n, const std::uint32_t* entry, const std::uint32_t* slot, const double* coin,
                              index_t* candidate, double* ratio) const;
    void build_guide();
    void scan_buckets(std::size_t g, std::size_t first, std::size_t last);

    const BucketIndex& x_;
    const Problem& p_;
    index_t q_ = 0;
    const double* query_point_ = nullptr;
    bool use_fallback_ = false;
    std::optional<NearFarSampler> fallback_;
    std::uint32_t group_stamp_ = 0;
    std::vector<std::uint32_t> stamp_;   // bucket → stamp of the last group that had it near
    std::vector<double> gap2_;           // scratch: squared box distance per bucket
    // Near buckets of the current group, everything a draw reads in one place: the members'
    // range in BucketIndex::members_, the envelope K(δ) and its exponent (K = e^(−exponent)).
    // Once the group's proposal is built, a last entry stands for the far field.
    struct NearBucket {
        std::uint32_t begin, count;
        double envelope, exponent;
    };
    std::vector<NearBucket> near_;
    // The proposal over the near buckets plus one last entry for the far field, by inversion:
    // cumulative masses (n_b·K(δ), then N·K(r_cut)) and a guide table, so that a 32-bit draw
    // finds its entry after about one comparison however many buckets are near (Chen's guide
    // tables). Cheaper to build than an alias table and one random number per draw.
    std::vector<double> cumulative_;
    std::vector<std::uint32_t> guide_;
    double total_mass_ = 0.0;
    double mass_per_u_ = 0.0;   // total_mass_·2^−32 (exact: a power of two)
    std::uint32_t pick_entry(std::uint32_t u) const {
        const double t = (static_cast<double>(u) + 0.5) * mass_per_u_;
        std::uint32_t e = guide_[(std::uint64_t{u} * guide_.size()) >> 32];
        // With twice as many slices as entries the answer is rarely more than two steps on:
        // two steps without branches, then a loop that is almost never entered.
        e += cumulative_[e] <= t;
        e += cumulative_[e] <= t;
        while (cumulative_[e] <= t) ++e;
        return e;
    }
};

}  // namespace neurowire::connect
