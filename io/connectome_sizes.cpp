// Population sizes of text connectomes (CSV, PyNN) from the connectome.json beside them.
#include <string>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/connectome_manifest.hpp"

namespace neurowire::io {

bool apply_manifest_sizes(connect::Connectome& c, const fs::path& file) {
    const auto manifest = find_connectome_manifest(file);
    if (!manifest) return false;
    const ManifestProjection* p = manifest->projection(file.stem().string());
    if (!p) return false;
    const std::string from = (file.parent_path() / connectome_manifest_name).string();
    for (std::size_t k = 0; k < c.size(); ++k) {
        if (c.source[k] >= p->n_source || c.target[k] >= p->n_target)
            throw file_error(file.string(), "row " + std::to_string(k),
                             "(" + std::to_string(c.source[k]) + ", " + std::to_string(c.target[k]) +
                                 ") lies outside the populations of " + from + " (n_source " + std::to_string(p->n_source) +
                                 ", n_target " + std::to_string(p->n_target) + ")");
    }
    c.n_source = p->n_source;
    c.n_target = p->n_target;
    return true;
}

}  // namespace neurowire::io
