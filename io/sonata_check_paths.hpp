#pragma once
// How each SONATA reader turns a config's manifest and "$VAR/..." strings into paths (internal to
// io/, for the checker). Each follows that reader's own code, faults included: NEST replaces
// "$BASE_DIR" inside manifest values by "." and joins them to the config's folder; BMTK knows
// ${configdir} but leaves "." relative to the working directory; libsonata substitutes manifest
// keys as plain text and resolves against the config's folder; PyNN uses string.Template.
#include <filesystem>
#include <string>

#include "io/sonata_check_detail.hpp"

namespace neurowire::io::check {

class ManifestResolver {
public:
    // Throws std::runtime_error(why) when the reader itself would fail on the manifest.
    ManifestResolver(R reader, const json::Value& config, const fs::path& config_file);
    Resolved resolve(const std::string& value) const;

private:
    R reader_;
    fs::path base_;
    std::vector<std::pair<std::string, std::string>> vars_;   // in the order the reader applies them
};

}  // namespace neurowire::io::check
