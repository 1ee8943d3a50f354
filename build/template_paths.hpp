#pragma once
// Where model templates live, and how a template reference names a file and a template in it.
//
// A reference is either dotted — `spiking_neurons.lif.lif` is template `lif` in
// `<dir>/spiking_neurons/lif.yaml` for the first template directory that has that file — or a
// path — `my/models.yaml:lif` is template `lif` in that file (relative to `relative_to`).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace neurowire::build {

struct TemplateRef {
    std::filesystem::path file;   // resolved, existing file
    std::string name;             // template within the file
};

// Template directories in the order they are searched: $NEUROWIRE_TEMPLATES (':'-separated),
// <executable>/../share/neurowire/templates, the registered directories (below), the source tree
// (NEUROWIRE_TEMPLATE_DIR) and the installation prefix (NEUROWIRE_INSTALLED_TEMPLATE_DIR). Only
// existing directories are listed.
std::vector<std::filesystem::path> template_directories();

// Adds a directory to search (after the executable's own, in the order of registration), e.g.
// the templates a Python package or an installed CMake package carries. Thread-safe; returns true.
bool register_template_directory(const std::filesystem::path& dir);

// True when `ref` names a file (`file.yaml:name`), false for a dotted library name.
bool is_path_reference(std::string_view ref);

// Resolves a reference; config_error (key path `key_path`, listing the directories searched) when
// no file matches. A path reference is taken relative to `relative_to` when that is not empty.
TemplateRef resolve_template(std::string_view ref, const std::filesystem::path& relative_to,
                             const std::string& key_path = "model");

}  // namespace neurowire::build

#ifdef NEUROWIRE_PACKAGE_TEMPLATE_DIR
// Defined by find_package(neurowire) for a consumer program: the templates installed with the
// package, found relative to where the package is now (a moved prefix keeps working).
namespace neurowire::build::package {
inline const bool templates_registered = register_template_directory(NEUROWIRE_PACKAGE_TEMPLATE_DIR);
}
#endif
