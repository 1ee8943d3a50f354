#include "connect/masks.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neurowire::connect {

MaskFn::MaskFn(const Mask& mask) : kind(mask.kind) {
    radius2 = mask.radius * mask.radius;
    inner2 = mask.inner * mask.inner;
    outer2 = mask.outer * mask.outer;
    lower = mask.lower;
    upper = mask.upper;
}

double MaskFn::bounding_radius() const {
    switch (kind) {
        case mask_kind::none: return std::numeric_limits<double>::infinity();
        case mask_kind::ball: return std::sqrt(radius2);
        case mask_kind::annulus: return std::sqrt(outer2);
        case mask_kind::box: {
            double sum = 0.0;
            for (std::size_t a = 0; a < lower.size(); ++a) {
                const double far = std::max(std::abs(lower[a]), std::abs(upper[a]));
                sum += far * far;
            }
            return std::sqrt(sum);
        }
    }
    return std::numeric_limits<double>::infinity();
}

}  // namespace neurowire::connect
