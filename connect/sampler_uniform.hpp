#pragma once
// Partners uniform over all candidates (no kernel, no mask): nothing to index.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "connect/problem.hpp"
#include "core/rng.hpp"

namespace neurowire::connect {

class UniformSampler {
public:
    explicit UniformSampler(const Problem& problem) : p_(problem) {}

    std::size_t group_count() const { return (p_.n_query + block() - 1) / block(); }
    void group_queries(std::size_t g, std::vector<index_t>& out) const {
        out.clear();
        const std::uint64_t end = std::min<std::uint64_t>(p_.n_query, (g + 1) * block());
        for (std::uint64_t q = g * block(); q < end; ++q) out.push_back(static_cast<index_t>(q));
    }
    void begin_group(std::size_t) {}
    void begin_query(index_t q) {
        q_ = q;
        skip_self_ = p_.exclude_self && q < p_.n_candidates;
    }
    std::uint64_t allowed_count() const { return p_.n_candidates - (skip_self_ ? 1u : 0u); }

    index_t draw(rng::engine& g) const {
        if (!skip_self_) return rng::uniform_index(g, p_.n_candidates);
        const index_t j = rng::uniform_index(g, p_.n_candidates - 1);
        return j + (j >= q_ ? 1 : 0);
    }

    void enumerate(std::vector<index_t>& idx, std::vector<double>& w) const {
        idx.clear();
        w.clear();
        for (index_t j = 0; j < p_.n_candidates; ++j) {
            if (skip_self_ && j == q_) continue;
            idx.push_back(j);
            w.push_back(1.0);
        }
    }

    // Geometric skipping: O(edges), not O(candidates).
    void bernoulli(rng::engine& g, double p, std::vector<index_t>& out) const {
        out.clear();
        if (p <= 0.0) return;
        std::uint64_t j = 0;
        const std::uint64_t n = p_.n_candidates;
        while (true) {
            const std::uint64_t skip = rng::geometric(g, p);
            if (skip >= n - j) break;
            j += skip;
            if (!(skip_self_ && j == q_)) out.push_back(static_cast<index_t>(j));
            if (++j >= n) break;
        }
    }

private:
    std::uint64_t block() const { return std::max<index_t>(1, p_.options.block_size); }
    const Problem& p_;
    index_t q_ = 0;
    bool skip_self_ = false;
};

}  // namespace neurowire::connect
