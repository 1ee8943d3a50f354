#pragma once
// spec::Tree → YAML::Node, so trees go through the YAML specs' own validators; private to spec/.
#include <string>

#include <yaml-cpp/yaml.h>

#include "spec/tree.hpp"

namespace neurowire::spec {

// Scalars become the YAML text a user would write: integers in decimal, reals as the shortest
// text that reads back as the same double (Python's repr), ±.inf and .nan for the non-finite ones
// (which the validators then refuse as YAML's would be), booleans as true/false. Nodes carry no
// marks: messages name key paths only.
YAML::Node to_yaml(const Tree& tree);

// The text of a real as to_yaml() writes it.
std::string real_text(double value);

}  // namespace neurowire::spec
