#include "spec/tree_yaml.hpp"

#include <cmath>
#include <cstdio>

namespace neurowire::spec {

std::string real_text(double value) {
    if (std::isnan(value)) return ".nan";
    if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

YAML::Node to_yaml(const Tree& tree) {
    switch (tree.type()) {
        case Tree::kind::null: return YAML::Node(YAML::NodeType::Null);
        case Tree::kind::boolean: return YAML::Node(tree.as_bool() ? "true" : "false");
        case Tree::kind::integer: return YAML::Node(std::to_string(tree.as_int()));
        case Tree::kind::real: return YAML::Node(real_text(tree.as_real()));
        case Tree::kind::string: return YAML::Node(tree.as_string());
        case Tree::kind::list: {
            YAML::Node list(YAML::NodeType::Sequence);
            for (const Tree& item : tree.items()) list.push_back(to_yaml(item));
            return list;
        }
        case Tree::kind::map: {
            YAML::Node map(YAML::NodeType::Map);
            // force_insert keeps insertion order and repeated keys (check_keys reports those).
            for (const auto& [key, value] : tree.entries()) map.force_insert(key, to_yaml(value));
            return map;
        }
    }
    return YAML::Node();
}

}  // namespace neurowire::spec
