#pragma once
// Neuron positions: one column per neuron (dims × N, dims 1–3), plus the extent they live in.
#include <cmath>
#include <cstddef>
#include <vector>

#include <armadillo>

#include "core/types.hpp"

namespace neurowire::spatial {

// Per-axis box bounds and periodic flags. A periodic axis wraps distances by the minimum image.
struct Extent {
    arma::vec low;                 // dims
    arma::vec high;                // dims
    std::vector<bool> periodic;    // dims; all false when empty

    std::size_t dims() const { return low.n_elem; }
    double side(std::size_t axis) const { return high(axis) - low(axis); }
    bool is_periodic(std::size_t axis) const { return axis < periodic.size() && periodic[axis]; }
    bool any_periodic() const {
        for (bool p : periodic) if (p) return true;
        return false;
    }
};

struct Positions {
    arma::mat coords;   // dims × N
    Extent extent;      // the box positions were generated in (or their bounding box)

    std::size_t dims() const { return coords.n_rows; }
    index_t size() const { return static_cast<index_t>(coords.n_cols); }
    const double* column(index_t i) const { return coords.colptr(i); }
};

// Squared distance between point a and point b (both `dims` long), minimum image on periodic axes.
inline double squared_distance(const double* a, const double* b, const Extent& extent, std::size_t dims) {
    double sum = 0.0;
    for (std::size_t axis = 0; axis < dims; ++axis) {
        double d = a[axis] - b[axis];
        if (extent.is_periodic(axis)) {
            const double side = extent.side(axis);
            d -= side * std::round(d / side);
        }
        sum += d * d;
    }
    return sum;
}

// Throws config_error unless the extent has 1–3 axes, finite bounds with high > low on every axis,
// and `periodic` empty or one flag per axis. Generators and the index call it at their boundary.
void check_extent(const Extent& extent);

}  // namespace neurowire::spatial
