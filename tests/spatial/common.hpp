#pragma once
// Helpers shared by the spatial test files.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "spatial/positions.hpp"

namespace spatial_test {

// A predicate for BOOST_CHECK_EXCEPTION: the message names every one of `parts`.
inline auto message_names(std::vector<std::string> parts) {
    return [parts](const neurowire::config_error& e) {
        const std::string what = e.what();
        for (const auto& part : parts)
            if (what.find(part) == std::string::npos) return false;
        return true;
    };
}

inline neurowire::spatial::Extent box(std::vector<double> low, std::vector<double> high,
                                      std::vector<bool> periodic = {}) {
    neurowire::spatial::Extent extent;
    extent.low = arma::vec(low);
    extent.high = arma::vec(high);
    extent.periodic = periodic;
    return extent;
}

}  // namespace spatial_test
