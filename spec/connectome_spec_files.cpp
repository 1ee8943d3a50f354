// Positions files named by a spec, read through io/ and reported as spec errors.
#include "spec/connectome_spec_detail.hpp"

#include <system_error>

#include "io/positions_file.hpp"

namespace neurowire::spec::detail {

spatial::Positions read_positions_for_spec(const std::filesystem::path& file, const YAML::Node& node,
                                           const std::string& key_path, const yaml::Context& ctx) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        yaml::fail(node, key_path, ctx, "a readable .csv or .npy positions file (relative to the spec's folder)",
                   "'" + file.string() + "', which does not exist");
    const std::string ext = file.extension().string();
    if (ext != ".csv" && ext != ".npy")
        yaml::fail(node, key_path, ctx, "a positions file ending in .csv or .npy", "'" + file.string() + "'");
    spatial::Positions p;
    try {
        p = io::read_positions(file);
    } catch (const error& e) {
        yaml::fail(node, key_path, ctx, "a readable .csv or .npy positions file", e.what());
    }
    if (p.dims() < 1 || p.dims() > 3)
        yaml::fail(node, key_path, ctx, "a positions file with 1 to 3 columns (one per axis)",
                   std::to_string(p.dims()) + " columns in '" + file.string() + "'");
    return p;
}

}  // namespace neurowire::spec::detail
