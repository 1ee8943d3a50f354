#include "spatial/positions.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "spatial/format.hpp"

namespace neurowire::spatial {

void check_extent(const Extent& extent) {
    const std::size_t dims = extent.low.n_elem;
    if (dims < 1 || dims > 3)
        throw config_error("extent", "1 to 3 axes", std::to_string(dims) + " axes");
    if (extent.high.n_elem != dims)
        throw config_error("extent", "as many upper as lower bounds (" + std::to_string(dims) + ")",
                           std::to_string(extent.high.n_elem) + " upper bounds");
    if (!extent.periodic.empty() && extent.periodic.size() != dims)
        throw config_error("periodic", "one flag per axis (" + std::to_string(dims) + ")",
                           std::to_string(extent.periodic.size()) + " flags");
    for (std::size_t axis = 0; axis < dims; ++axis) {
        const double low = extent.low(axis);
        const double high = extent.high(axis);
        // `!(low < high)` also rejects NaN bounds.
        if (!std::isfinite(low) || !std::isfinite(high) || !(low < high))
            throw config_error("extent[" + std::to_string(axis) + "]", "finite bounds [low, high] with low < high",
                               "[" + number_text(low) + ", " + number_text(high) + "]");
    }
}

}  // namespace neurowire::spatial
