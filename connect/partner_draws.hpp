#pragma once
// Drawing k partners of one query from any sampler (UniformSampler, NearFarSampler,
// BucketSampler: each offers allowed_count, draw ∝ K among allowed, enumerate).
//
// With multapses: k independent draws. Without: successive sampling — each new partner ∝ K among
// those not chosen yet, the semantics of numpy's choice(replace=False, p=...). Repeats are
// rejected while that is cheap; when k is a large share of the allowed partners, or repeats pile
// up (a skewed kernel), the remaining partners come from exponential keys (Efraimidis–Spirakis)
// over the candidates not chosen yet. Successive sampling is Markov in the chosen set, so
// switching midway keeps the distribution exact.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace neurowire::connect {

inline config_error too_few_partners(index_t q, std::uint64_t k, std::uint64_t allowed, bool multapses) {
    // Allowed: inside the mask and, with a kernel, of nonzero weight (K(d) can underflow to 0).
    const std::string what = multapses ? "at least one allowed partner (inside the mask, of nonzero kernel weight) for each neuron"
                                       : "k at most the number of allowed partners (inside the mask, of nonzero kernel weight: " +
                                             std::to_string(allowed) + " for neuron " + std::to_string(q) +
                                             "; set multapses: true to draw with repeats)";
    return config_error("rule.k", what,
                        "k = " + std::to_string(k) +
                            (multapses ? " and no allowed partner for neuron " + std::to_string(q) : ""));
}

template <class Sampler>
void draw_with_replacement(Sampler& sampler, rng::engine& g, index_t q, std::uint64_t k, index_t* out) {
    if (sampler.allowed_count() == 0) throw too_few_partners(q, k, 0, true);
    if constexpr (requires { sampler.draw_many(g, k, out); }) {
        sampler.draw_many(g, k, out);
    } else {
        for (std::uint64_t i = 0; i < k; ++i) out[i] = sampler.draw(g);
    }
}

class SuccessiveWorkspace {
public:
    explicit SuccessiveWorkspace(index_t n_candidates) : mark_(n_candidates, 0) {}

    template <class Sampler>
    void draw(Sampler& sampler, rng::engine& g, index_t q, std::uint64_t k, index_t* out) {
        const std::uint64_t allowed = sampler.allowed_count();
        if (k > allowed) throw too_few_partners(q, k, allowed, false);
        if (++stamp_ == 0) {   // wrapped: forget every old mark
            std::fill(mark_.begin(), mark_.end(), 0);
            stamp_ = 1;
        }
        std::uint64_t m = 0;
        // Rejection costs about allowed/(allowed − m) draws per partner for a flat kernel; past a
        // quarter of the candidates, or after a rejection budget, the keys are cheaper. The keys
        // visit every allowed candidate (a kernel evaluation and a logarithm each), so the budget
        // grows with them: a narrow kernel whose few near partners are soon taken (k above
        // N·2πσ²) keeps rejecting far-field proposals instead of enumerating the whole plane.
        bool use_keys = 4 * k >= allowed;
        std::uint64_t rejections = 0;
        const std::uint64_t budget = std::max<std::uint64_t>(2 * k + 16, allowed / 4);
        while (!use_keys && m < k) {
            const index_t j = sampler.draw(g);
            if (mark_[j] == stamp_) {
                use_keys = ++rejections > budget;
                continue;
            }
            mark_[j] = stamp_;
            out[m++] = j;
        }
        if (m < k) draw_by_keys(sampler, g, q, k, k - m, out + m);
    }

private:
    template <class Sampler>
    void draw_by_keys(Sampler& sampler, rng::engine& g, index_t q, std::uint64_t k, std::uint64_t needed, index_t* out) {
        sampler.enumerate(idx_, w_);
        keyed_.clear();
        for (std::size_t i = 0; i < idx_.size(); ++i) {
            if (mark_[idx_[i]] == stamp_) continue;
            // log(u)/w orders as u^(1/w): the top keys form a successive sample ∝ w.
            const double u = rng::uniform01_open_low(g);
            const double key = w_[i] > 0.0 ? std::log(u) / w_[i] : -std::numeric_limits<double>::infinity();
            keyed_.push_back({key, idx_[i]});
        }
        // A zero weight gets key −inf: it may be chosen only if fewer positive weights remain
        // than partners are needed, which is a kernel that cannot give k partners.
        std::uint64_t positive = 0;
        for (const Keyed& x : keyed_) positive += x.key > -std::numeric_limits<double>::infinity();
        if (positive < needed)
            throw config_error("rule.k",
                               "k at most the partners of nonzero kernel weight (" + std::to_string(k - needed + positive) +
                                   " for neuron " + std::to_string(q) + "; K(d) underflows to 0 farther out)",
                               "k = " + std::to_string(k));
        auto better = [](const Keyed& a, const Keyed& b) { return a.key > b.key || (a.key == b.key && a.index < b.index); };
        std::nth_element(keyed_.begin(), keyed_.begin() + static_cast<std::ptrdiff_t>(needed - 1), keyed_.end(), better);
        for (std::uint64_t i = 0; i < needed; ++i) {
            out[i] = keyed_[i].index;
            mark_[out[i]] = stamp_;
        }
    }

    struct Keyed {
        double key;
        index_t index;
    };
    std::vector<std::uint32_t> mark_;   // candidate → stamp of the query that chose it
    std::uint32_t stamp_ = 0;
    std::vector<index_t> idx_;
    std::vector<double> w_;
    std::vector<Keyed> keyed_;
};

}  // namespace neurowire::connect
