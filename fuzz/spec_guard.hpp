#pragma once
// The spec harnesses look for defects of the parsers and of what they build, not for the cost
// of big valid networks (that is the memory budget's to refuse): a spec holding a number above
// `limit` anywhere (a size, k, n, a grid shape, an extent) is skipped before it is parsed.
#include <cmath>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace neurowire::fuzz {

inline bool has_big_number(const std::string& text, double limit) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception&) {
        return false;   // the parser under test reports it
    }
    std::vector<YAML::Node> todo{root};
    while (!todo.empty()) {
        const YAML::Node node = todo.back();
        todo.pop_back();
        if (node.IsScalar()) {
            try {
                const double x = node.as<double>();
                if (!(std::fabs(x) <= limit)) return true;
            } catch (const YAML::Exception&) {
            }
        } else if (node.IsSequence()) {
            for (const auto& item : node) todo.push_back(item);
        } else if (node.IsMap()) {
            for (const auto& entry : node) todo.push_back(entry.second);
        }
    }
    return false;
}

}  // namespace neurowire::fuzz
