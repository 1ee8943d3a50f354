#pragma once
// Keyed random streams and our own distributions.
//
// Every draw belongs to a stream keyed by what it is about — (seed, purpose, index) — never by
// which thread makes it, so results are identical for any thread count. pcg-cpp pitfalls avoided
// (docs/architecture.md, "The determinism contract"): each generator is constructed fresh (no set_stream on a live generator, no
// seed() that resets the stream), and the seed is mixed per stream so streams sharing a seed are
// unrelated. std::*_distribution differ between standard libraries, so the draws are ours.
#include <cmath>
#include <cstdint>
#include <limits>

#include <pcg_random.hpp>

namespace neurowire::rng {

using engine = pcg32;

// What a stream is for; part of the key, so adding a purpose never shifts other streams.
enum class purpose : std::uint64_t {
    positions = 1,
    connect = 2,        // partner choice of one neuron in one projection
    weight = 3,
    delay = 4,
    params = 5,         // per-unit parameter draws
    init = 6,           // per-unit initial state draws
    poisson = 7,        // Poisson inputs
    total_number = 8,   // fixed_total_number: the split of n over source neurons
};

// splitmix64 finaliser: a bijective 64-bit mixer with full avalanche.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t key(std::uint64_t seed, std::uint64_t a, std::uint64_t b) noexcept {
    return mix64(mix64(mix64(seed) ^ a) ^ b);
}

// The generator for (seed, purpose, group, index): group is e.g. the projection or population
// number, index the neuron. State and stream selector are both mixed from the full key.
inline engine stream(std::uint64_t seed, purpose what, std::uint64_t group, std::uint64_t index) {
    const std::uint64_t k = key(seed, static_cast<std::uint64_t>(what), (group << 40) ^ index);
    const std::uint64_t state = mix64(k ^ 0x6a09e667f3bcc909ULL);
    const std::uint64_t selector = mix64(k ^ 0xbb67ae8584caa73bULL);
    return engine(state, selector);
}

// Uniform double in [0, 1) with 53 random bits.
inline double uniform01(engine& g) {
    const std::uint64_t hi = g() >> 5;   // 27 bits
    const std::uint64_t lo = g() >> 6;   // 26 bits
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
}

// Uniform double in (0, 1]: safe as the argument of log.
inline double uniform01_open_low(engine& g) { return 1.0 - uniform01(g); }

inline double uniform(engine& g, double low, double high) { return low + (high - low) * uniform01(g); }

// Unbiased integer in [0, n), n >= 1 (pcg's bounded draw rejects the biased tail).
inline std::uint32_t uniform_index(engine& g, std::uint32_t n) { return g(n); }

// Standard normal by Box–Muller (one value per call; no cached state, so a draw is a pure
// function of the stream position).
inline double normal(engine& g) {
    const double u1 = uniform01_open_low(g);
    const double u2 = uniform01(g);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

inline double normal(engine& g, double mean, double std) { return mean + std * normal(g); }

// Exponential with rate 1.
inline double exponential(engine& g) { return -std::log(uniform01_open_low(g)); }

// Number of failures before the first success of Bernoulli(p) trials, p in (0, 1].
// Returns the max of uint64 when the skip is astronomically long (p tiny).
inline std::uint64_t geometric(engine& g, double p) {
    if (p >= 1.0) return 0;
    const double skip = std::floor(std::log(uniform01_open_low(g)) / std::log1p(-p));
    if (!(skip < 1.8e19)) return std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(skip);
}

inline bool bernoulli(engine& g, double p) { return uniform01(g) < p; }

}  // namespace neurowire::rng
