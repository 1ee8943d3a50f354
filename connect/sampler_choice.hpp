#pragma once
// Picks the sampler for a problem and hands a per-thread factory to `body`. The samplers draw
// the same distribution; they differ only in speed (and tests force each one).
#include "connect/problem.hpp"
#include "connect/sampler_buckets.hpp"
#include "connect/sampler_near_far.hpp"
#include "connect/sampler_uniform.hpp"

namespace neurowire::connect {

// The bucket sampler needs a kernel that is positive everywhere (so every candidate is allowed
// and the rejection loop ends) and no mask.
inline bool buckets_apply(const Problem& p) {
    return p.has_positions() && !p.mask.active() && !p.kernel.compact() && p.kernel.kind != kernel_kind::none;
}

template <class Body>
void with_sampler(const Problem& p, Body&& body) {
    if (p.uniform()) {
        body([&] { return UniformSampler(p); });
        return;
    }
    const bool buckets = buckets_apply(p) && p.options.sampler != sampler_kind::near_far;
    if (buckets) {
        const BucketIndex index(p);
        body([&] { return BucketSampler(index); });
        return;
    }
    const NearFarIndex index(p);
    body([&] { return NearFarSampler(index); });
}


}  // namespace neurowire::connect
