#pragma once
// Small text helpers for messages.
#include <string>
#include <string_view>
#include <vector>

namespace neurowire {

// "a, b or c": the choices a message offers.
inline std::string join_choices(const std::vector<std::string>& names, std::string_view last_sep = " or ") {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += (i + 1 == names.size()) ? std::string(last_sep) : std::string(", ");
        out += names[i];
    }
    return out;
}

}  // namespace neurowire
