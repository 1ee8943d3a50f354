// fixed_total_number: n edges over all pairs, P(i, j) ∝ K(d_ij) (with multapses), or n distinct
// pairs uniformly (without). Both reduce to per-source degrees drawn from the total_number
// stream; each source then draws its partners from its own stream like fixed_outdegree, which
// is exact because, given the degrees, the partners of different sources are independent.
#include <omp.h>

#include <optional>

#include <algorithm>
#include <cmath>
#include <string>

#include "connect/fixed_degree.hpp"
#include "connect/sampler_near_far.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/rng.hpp"

namespace neurowire::connect {
namespace {

// Exact partner mass of every source: the allowed count for a flat kernel; the kernel sum
// otherwise (the exact sum over all targets when the kernel has unbounded support — O(N_source ·
// N_target) time, O(N) memory).
std::vector<double> source_masses(const Problem& p) {
    std::vector<double> mass(p.n_query, 0.0);
    if (p.uniform()) {
        for (index_t q = 0; q < p.n_query; ++q)
            mass[q] = double(p.n_candidates) - ((p.exclude_self && q < p.n_candidates) ? 1.0 : 0.0);
        return mass;
    }
    const NearFarIndex index(p);
    FirstError errors;   // no exception may leave the region (FirstError says why)
#pragma omp parallel num_threads(thread_count(p.options))
    {
        std::optional<NearFarSampler> sampler;
        errors.run(0, [&] { sampler.emplace(index); });
        std::vector<index_t> idx;
        std::vector<double> w;
#pragma omp for schedule(dynamic, 64)
        for (std::int64_t q = 0; q < std::int64_t(p.n_query); ++q) {
            if (!sampler || stop_requested(p.options.stop)) continue;
            errors.run(std::uint64_t(q), [&] {
                sampler->begin_query(index_t(q));
                if (p.kernel.kind == kernel_kind::none) {
                    mass[q] = double(sampler->allowed_count());
                    return;
                }
                if (!index.far_field()) {
                    mass[q] = sampler->near_mass();
                    return;
                }
                sampler->enumerate(idx, w);
                double sum = 0.0;
                for (double x : w) sum += x;
                mass[q] = sum;
            });
        }
    }
    throw_if_stopped(p.options.stop);
    errors.rethrow();
    return mass;
}

// A uniform 64-bit integer below n (n >= 1), unbiased by rejection.
std::uint64_t uniform_below(rng::engine& g, std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    while (true) {
        const std::uint64_t x = (std::uint64_t(g()) << 32) | g();
        if (x < limit) return x % n;
    }
}

// Multinomial(n; mass/Σmass): n sorted uniforms, generated from the top down as running products
// of U^(1/m) in log space (no O(n) storage), merged with the cumulative masses.
std::vector<std::uint64_t> multinomial(const std::vector<double>& mass, std::uint64_t n, rng::engine& g) {
    std::vector<double> cumulative(mass.size() + 1, 0.0);
    for (std::size_t i = 0; i < mass.size(); ++i) cumulative[i + 1] = cumulative[i] + mass[i];
    const double total = cumulative.back();
    std::vector<std::uint64_t> count(mass.size(), 0);
    double log_u = 0.0;
    std::size_t i = mass.size();
    for (std::uint64_t m = n; m >= 1; --m) {
        log_u += std::log(rng::uniform01_open_low(g)) / double(m);
        const double x = std::exp(log_u) * total;
        while (i > 0 && (cumulative[i - 1] > x || mass[i - 1] <= 0.0)) --i;
        ++count[i > 0 ? i - 1 : 0];
    }
    return count;
}

// Multivariate hypergeometric: n distinct pair ranks out of Σ allowed, counted per source.
std::vector<std::uint64_t> distinct_split(const std::vector<double>& allowed, std::uint64_t n, rng::engine& g) {
    std::vector<std::uint64_t> cumulative(allowed.size() + 1, 0);
    for (std::size_t i = 0; i < allowed.size(); ++i) cumulative[i + 1] = cumulative[i] + std::uint64_t(allowed[i]);
    const std::uint64_t total = cumulative.back();
    // Drawing the smaller side keeps the repeat rejections cheap.
    const bool complement = n > total / 2;
    const std::uint64_t want = complement ? total - n : n;
    std::vector<std::uint64_t> ranks;
    ranks.reserve(want);
    while (ranks.size() < want) {
        const std::size_t missing = want - ranks.size();
        for (std::size_t r = 0; r < missing; ++r) ranks.push_back(uniform_below(g, total));
        std::sort(ranks.begin(), ranks.end());
        ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    }
    std::vector<std::uint64_t> count(allowed.size(), 0);
    std::size_t source = 0;
    for (const std::uint64_t r : ranks) {
        while (cumulative[source + 1] <= r) ++source;
        ++count[source];
    }
    if (complement)
        for (std::size_t i = 0; i < count.size(); ++i) count[i] = std::uint64_t(allowed[i]) - count[i];
    return count;
}

}  // namespace

std::vector<std::uint64_t> split_total_number(const Problem& p, const Projection& projection, seed_t seed,
                                              std::uint64_t projection_index) {
    const std::uint64_t n = projection.rule.n;
    const std::vector<double> mass = source_masses(p);
    double total = 0.0;
    for (double m : mass) total += m;
    if (n > 0 && !(total > 0.0))
        throw config_error("rule.n", "a projection with at least one allowed pair", "n = " + std::to_string(n));
    auto g = rng::stream(seed, rng::purpose::total_number, projection_index, 0);
    if (projection.rule.multapses) return multinomial(mass, n, g);
    if (double(n) > total)
        throw config_error("rule.n", "n at most the number of allowed pairs (" + std::to_string(std::uint64_t(total)) +
                                         "; set multapses: true to allow repeats)",
                           "n = " + std::to_string(n));
    return distinct_split(mass, n, g);
}

}  // namespace neurowire::connect
