#pragma once
// Numbers in error messages: the shortest text that reads back as the same double, so a user sees
// exactly the value that was rejected (0.1, not 0.10000000000000001 or 0.1000000).
#include <charconv>
#include <string>

namespace neurowire::spatial {

inline std::string number_text(double x) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

}  // namespace neurowire::spatial
