#pragma once
// Masks restrict the candidate set by the displacement target − source (minimum image on
// periodic axes); the kernel then applies within the mask.
#include <cstddef>
#include <vector>

#include "connect/spec.hpp"

namespace neurowire::connect {

struct MaskFn {
    mask_kind kind = mask_kind::none;
    double radius2 = 0.0;
    double inner2 = 0.0, outer2 = 0.0;
    std::vector<double> lower, upper;

    explicit MaskFn(const Mask& mask);

    bool active() const { return kind != mask_kind::none; }
    // `displacement` is target − source, `d2` its squared length.
    bool contains(const double* displacement, double d2, std::size_t dims) const {
        switch (kind) {
            case mask_kind::none: return true;
            case mask_kind::ball: return d2 <= radius2;
            case mask_kind::annulus: return d2 > inner2 && d2 <= outer2;
            case mask_kind::box:
                for (std::size_t a = 0; a < dims; ++a)
                    if (displacement[a] < lower[a] || displacement[a] > upper[a]) return false;
                return true;
        }
        return true;
    }
    // Every point of the mask lies within this distance of the source.
    double bounding_radius() const;
};

}  // namespace neurowire::connect
