#include "spec/tree_yaml.hpp"

#include <charconv>
#include <cmath>

namespace neurowire::spec {

std::string real_text(double value) {
    if (std::isnan(value)) return ".nan";
    if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
    // The shortest text that reads back as the same double (as exact as %.17g, and what the
    // user typed: 0.1, not 0.10000000000000001), with ".0" on integral values as Python's
    // repr() writes them, so messages quote a float as a float.
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    std::string text(buffer, end);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
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
