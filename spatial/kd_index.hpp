#pragma once
// A k-d tree over Positions (nanoflann behind this header: no nanoflann type leaks out).
// Radius and k-nearest queries, periodic axes by minimum image (the shifted images of the query
// point are searched), and the tree's leaves ("buckets") for the bucket sampler.
#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::spatial {

struct Neighbor {
    index_t index;        // column in the indexed Positions
    double squared_distance;
};

// A leaf of the tree: its members are indices()[begin, end), inside the box [low, high].
struct Bucket {
    std::size_t begin;
    std::size_t end;
    std::array<double, 3> low;    // first dims() entries used
    std::array<double, 3> high;
};

// All const members may be called from many threads at once (no shared scratch space).
class KdIndex {
public:
    // Indexes `points` by reference: they must outlive the index and not change.
    explicit KdIndex(const Positions& points, std::size_t leaf_size = 16);
    ~KdIndex();
    KdIndex(KdIndex&&) noexcept;
    KdIndex& operator=(KdIndex&&) noexcept;

    // All points with distance <= radius from `query` (dims() values), minimum image on periodic
    // axes, each once, sorted by index. Throws config_error if radius > half a periodic side.
    // "distance <= radius" means squared_distance(query, point, extent, dims) <= radius * radius,
    // evaluated exactly as positions.hpp does (inclusive, unlike nanoflann's strict cut); the
    // reported squared_distance is that value. Queries anywhere (also outside the box) are allowed.
    void radius_search(const double* query, double radius, std::vector<Neighbor>& out) const;
    std::vector<Neighbor> radius_search(const double* query, double radius) const;

    // The k nearest points (k <= size(), else config_error), sorted by distance then index: among
    // equidistant points the lowest indices are kept, so the result is fully determined.
    std::vector<Neighbor> k_nearest(const double* query, std::size_t k) const;

    // The leaves of the tree, and the permutation of point indices they range over. Buckets are in
    // permutation order and tile [0, size()) without gaps; each holds 1..leaf_size points, and
    // low/high are the tight bounds of its members (raw coordinates, never wrapped).
    const std::vector<Bucket>& buckets() const;
    const std::vector<index_t>& indices() const;

    // Smallest squared distance from `query` to the box of `bucket` (minimum image on periodic axes).
    // Guaranteed <= squared_distance to every member (so K(d)/K(δ_b) <= 1 for a non-increasing
    // kernel); 0 for a query inside the box; on periodic axes it may sit a few ulps below the exact
    // box distance so that the guarantee survives rounding.
    double squared_distance_to_bucket(const double* query, const Bucket& bucket) const;

    std::size_t dims() const;
    index_t size() const;
    const Positions& points() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace neurowire::spatial
