#pragma once
// One direction of a projection as the samplers see it: each *query* neuron draws partners among
// the *candidates*. fixed_outdegree and pairwise_bernoulli query from sources; fixed_indegree
// from targets. Masks and distance values are defined on target − source, hence the flag.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "connect/kernels.hpp"
#include "connect/masks.hpp"
#include "connect/spec.hpp"
#include "core/error.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::connect {

struct Problem {
    const spatial::Positions* query = nullptr;        // null when nothing needs positions
    const spatial::Positions* candidates = nullptr;
    index_t n_query = 0;
    index_t n_candidates = 0;
    bool query_is_source = true;
    bool exclude_self = false;                        // same population without autapses
    KernelFn kernel{Kernel{}};
    MaskFn mask{Mask{}};
    spatial::Extent extent;                           // supplies the periodic axes
    std::size_t dims = 0;
    double period[3] = {0.0, 0.0, 0.0};               // side of each periodic axis, 0 if not periodic
    Options options;

    bool has_positions() const { return query != nullptr && candidates != nullptr; }

    const double* query_point(index_t q) const { return query->column(q); }

    // Squared distance between query q and candidate j, minimum image on periodic axes.
    // The same arithmetic as spatial::squared_distance, without its per-axis extent lookups:
    // this is the innermost call of every sampler.
    double squared_distance_between(const double* a, const double* b) const {
        double sum = 0.0;
        for (std::size_t axis = 0; axis < dims; ++axis) {
            double d = a[axis] - b[axis];
            if (period[axis] > 0.0) d -= period[axis] * std::round(d / period[axis]);
            sum += d * d;
        }
        return sum;
    }
    double squared_distance(index_t q, index_t j) const {
        return squared_distance_between(query->column(q), candidates->column(j));
    }

    // Whether candidate j may be drawn by query q at all (self and mask), given their squared
    // distance; the kernel weight comes on top.
    bool allowed(index_t q, index_t j, double d2) const {
        if (exclude_self && q == j) return false;
        if (!mask.active()) return true;
        double displacement[3] = {0.0, 0.0, 0.0};
        const double* a = query->column(q);
        const double* b = candidates->column(j);
        for (std::size_t axis = 0; axis < dims; ++axis) {
            double d = query_is_source ? b[axis] - a[axis] : a[axis] - b[axis];
            if (extent.is_periodic(axis)) {
                const double side = extent.side(axis);
                d -= side * std::round(d / side);
            }
            displacement[axis] = d;
        }
        return mask.contains(displacement, d2, dims);
    }

    // True when no geometry is involved: partners are uniform over all candidates (minus self).
    bool uniform() const { return kernel.kind == kernel_kind::none && !mask.active(); }
};

// Every allowed partner of query neuron `q` has kernel weight 0 (each K(d) underflows: a
// gaussian at d/σ beyond ~38.6): no partner can be drawn ∝ K.
inline config_error zero_kernel_mass(index_t q) {
    return config_error("kernel", "some partner of nonzero kernel weight for every neuron",
                        "every weight 0 for neuron " + std::to_string(q) +
                            " (K(d) underflows to 0 at the distances of its partners: widen the kernel)");
}

// The problem of one projection: queries are the sources (or, with query_is_source false, the
// targets) and candidates the other side (connect/rules.cpp).
Problem make_problem(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                     index_t n_target, const Projection& projection, const Options& options, bool query_is_source);

// Collects the error of the lowest query index raised inside a parallel region, so the error a
// user sees does not depend on thread scheduling.
// No exception may leave an OpenMP region (the runtime would call std::terminate): every body
// that can throw (a bad_alloc included) runs inside run(), and rethrow() follows the region.
class FirstError {
public:
    void record(std::uint64_t query, std::exception_ptr e);
    template <class F>
    void run(std::uint64_t query, F&& f) noexcept {
        try {
            f();
        } catch (...) {
            record(query, std::current_exception());
        }
    }
    void rethrow() const;
    bool any() const { return error_ != nullptr; }

private:
    std::uint64_t query_ = UINT64_MAX;
    std::exception_ptr error_;
};

}  // namespace neurowire::connect
