#pragma once
// Plain, validated descriptions of a projection's rule, kernel, mask, weight and delay.
// build/ fills these from YAML; connect/ never sees YAML.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace neurowire::connect {

enum class rule_kind { all_to_all, one_to_one, pairwise_bernoulli, fixed_outdegree, fixed_indegree, fixed_total_number };

struct Rule {
    rule_kind kind = rule_kind::all_to_all;
    std::uint64_t k = 0;                    // fixed_outdegree / fixed_indegree
    std::vector<std::uint64_t> k_per_neuron;   // optional: one k per source (outdegree) / target (indegree)
    std::uint64_t n = 0;                    // fixed_total_number
    double p = 1.0;                         // pairwise_bernoulli
    bool autapses = false;                  // only matters when source and target are the same population
    bool multapses = false;
};

enum class kernel_kind { none, gaussian, exponential, step, linear };

struct Kernel {
    kernel_kind kind = kernel_kind::none;
    double sigma = 0.0;    // gaussian: exp(-d²/2σ²)
    double lambda = 0.0;   // exponential: exp(-d/λ)
    double radius = 0.0;   // step: d <= radius; linear: max(0, 1 - d/radius)
};

enum class mask_kind { none, ball, box, annulus };

struct Mask {
    mask_kind kind = mask_kind::none;
    double radius = 0.0;              // ball
    std::vector<double> lower, upper; // box, relative to the source position (dims values)
    double inner = 0.0, outer = 0.0;  // annulus: inner < d <= outer
};

enum class value_kind { constant, uniform, normal, lognormal, distance };

// A weight or delay: a number, a distribution, or a function of distance.
// distance weight: w0·exp(-d/scale); distance delay: offset + d/velocity.
struct Value {
    value_kind kind = value_kind::constant;
    double value = 0.0;
    double low = 0.0, high = 0.0;     // uniform
    double mean = 0.0, std = 0.0;     // normal
    std::optional<double> min, max;   // normal: clip
    double mu = 0.0, sigma = 0.0;     // lognormal
    double w0 = 0.0, scale = 1.0;     // distance weight
    double velocity = 1.0, offset = 0.0;   // distance delay

    static Value constant(double x) {
        Value v;
        v.value = x;
        return v;
    }
};

struct Projection {
    std::string name;
    Rule rule;
    Kernel kernel;
    Mask mask;
    Value weight = Value::constant(1.0);
    Value delay = Value::constant(0.0);
    bool same_population = false;     // source and target are one population (autapses matter)
};

// Which exact sampler draws kernel-weighted partners. The output distribution is the same for
// all; automatic picks the fastest (tests force each one).
enum class sampler_kind { automatic, near_far, buckets };

struct Options {
    int threads = 0;                  // 0: all cores
    index_t block_size = 1024;        // neurons per parallel block; output does not depend on it
    sampler_kind sampler = sampler_kind::automatic;
    double cutoff = 1e-6;             // K(r_cut)/K(0): beyond r_cut only the far-field envelope is used
    double near_radius = 0.0;         // > 0: use this r_cut instead (tests put mass beyond it)
    index_t leaf_size = 16;           // k-d tree leaf size of the bucket sampler (candidates)
    index_t group_size = 16;          // leaf size of the query tree: queries sharing envelopes
    double memory_limit_bytes = 0.0;  // 0: the process-wide budget (core/platform/memory_budget.hpp)
    // When set and it becomes true, generation stops soon and throws neurowire::interrupted
    // (core/interrupt.hpp). Never changes what is drawn.
    const std::atomic<bool>* stop = nullptr;
};

}  // namespace neurowire::connect
