#pragma once
// Model template files (YAML, docs/SPEC.md "Model templates") → build::ModelTemplate, with
// `base:` chains resolved. Errors are config_errors naming file, line:col and key path.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "build/legacy_circuit.hpp"
#include "build/templates.hpp"

namespace neurowire::spec {

// Loads a template by reference (dotted library name or `file.yaml:name`, see
// build/template_paths.hpp).
build::ModelTemplate load_template(std::string_view ref, const std::filesystem::path& relative_to = {});

// Parses template `name` from YAML text (tests, embedded models); `file` names it in messages and
// its folder resolves path references of `base:`.
build::ModelTemplate parse_template(const std::string& yaml_text, std::string_view name,
                                    const std::string& file = "<string>");

// The templates defined in a file, in file order.
std::vector<std::string> template_names(const std::filesystem::path& file);

// load_template() as the loader the legacy circuit API calls for add_node(name, "template.ref").
build::TemplateLoader template_loader();

}  // namespace neurowire::spec
