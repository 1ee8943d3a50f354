#pragma once
// The exact near/far sampler (docs/architecture.md, "Where to find"): the k-d tree returns the near set
// (d <= r_near) with exact weights; every farther candidate has weight <= K(r_near), so the far
// field is drawn from the envelope N·K(r_near) — a uniform pick over *all* N candidates, rejected
// if near, accepted with K(d)/K(r_near). Each partner j is drawn with probability exactly
// K(d_j)/ΣK. When the kernel or the mask has bounded support inside r_near there is no far field
// and the near set is the exact support.
#include <cstdint>
#include <memory>
#include <vector>

#include "connect/problem.hpp"
#include "core/rng.hpp"
#include "spatial/kd_index.hpp"

namespace neurowire::connect {

class NearFarIndex {
public:
    explicit NearFarIndex(const Problem& problem);
    ~NearFarIndex();

    const Problem& problem() const { return p_; }
    const spatial::KdIndex* tree() const { return tree_.get(); }
    double near_radius() const { return r_near_; }         // before widening per query
    bool far_field() const { return far_field_; }
    double half_periodic_side() const { return half_side_; }
    bool enumerate_all() const { return enumerate_all_; }  // near set by brute force

private:
    const Problem& p_;
    std::unique_ptr<spatial::KdIndex> tree_;
    double r_near_ = 0.0;
    double half_side_ = 0.0;
    bool far_field_ = false;
    bool enumerate_all_ = false;
};

class NearFarSampler {
public:
    explicit NearFarSampler(const NearFarIndex& index) : x_(index), p_(index.problem()) {}
    NearFarSampler(const NearFarSampler&) = delete;
    NearFarSampler(NearFarSampler&&) = default;

    std::size_t group_count() const;
    void group_queries(std::size_t g, std::vector<index_t>& out) const;
    void begin_group(std::size_t) {}
    void begin_query(index_t q);
    std::uint64_t allowed_count() const;
    index_t draw(rng::engine& g) const;
    void enumerate(std::vector<index_t>& idx, std::vector<double>& w) const;
    void bernoulli(rng::engine& g, double p, std::vector<index_t>& out) const;

    double near_mass() const { return near_mass_; }

private:
    // One partner ∝ K from the enumerated weights; config_error when they are all 0.
    index_t draw_exact(rng::engine& g) const;
    bool is_near(index_t j) const;
    bool is_self(index_t j) const { return p_.exclude_self && j == q_; }

    const NearFarIndex& x_;
    const Problem& p_;
    index_t q_ = 0;
    double far_bound_ = 0.0;   // of the current query; 0: no far field
    std::vector<spatial::Neighbor> found_;
    std::vector<index_t> near_;        // sorted by index
    std::vector<double> weight_;
    std::vector<double> cumulative_;   // inclusive prefix sums of weight_
    double near_mass_ = 0.0;
};

}  // namespace neurowire::connect
