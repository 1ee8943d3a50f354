#pragma once
// The connectome spec of SPEC.md ("Connectome spec (YAML)") → validated plain structs.
//
// The network spec extends this one and reuses its pieces (spec/connectome_spec_detail.hpp).
// Every function throws neurowire::config_error with file, line:column and key path.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "connect/spec.hpp"
#include "core/error.hpp"
#include "core/types.hpp"
#include "spatial/positions.hpp"

namespace neurowire::spec {

// The longest population or projection name: names become file names (DIR/<name>.npz,
// <source>_to_<target> by default, SONATA's <name>_edges.h5), which must stay well below the
// 255 bytes a file name can have.
inline constexpr std::size_t max_name_length = 64;

enum class positions_kind { none, grid, uniform, gaussian, ball, file };

// How a population's positions are made. `dims` is 0 for `none`.
struct PositionsSpec {
    positions_kind kind = positions_kind::none;
    std::size_t dims = 0;
    // grid, uniform: the box; periodic per axis (all false when not given)
    std::vector<double> low, high;
    std::vector<bool> periodic;
    std::vector<index_t> shape;         // grid: optional points per axis (product = size)
    std::vector<double> mean, std;      // gaussian
    std::vector<double> center;         // ball (uniform in a segment/disk/ball)
    double radius = 0.0;
    std::filesystem::path path;         // file: absolute or relative to the working directory
    spatial::Positions loaded;          // file: read while parsing (its size is the population's)

    bool present() const { return kind != positions_kind::none; }
    bool any_periodic() const {
        for (bool p : periodic) if (p) return true;
        return false;
    }
};

struct PopulationSpec {
    std::string name;
    index_t size = 0;
    PositionsSpec positions;
    std::size_t line = 0;               // 1-based, for later messages
};

struct ProjectionSpec {
    std::string name;                   // default "<source>_to_<target>"
    std::string source, target;
    std::size_t source_index = 0, target_index = 0;   // into ConnectomeSpec::populations
    connect::Projection projection;     // projection.name == name
    std::size_t line = 0;
};

struct ConnectomeSpec {
    std::string file;                   // as given, for messages
    seed_t seed = 0;
    std::vector<PopulationSpec> populations;    // in file order
    std::vector<ProjectionSpec> projections;    // in file order; the index keys the RNG streams

    // Index of the population called `name`, or nullopt.
    std::optional<std::size_t> find_population(const std::string& name) const;
};

// Whole-spec entry points.
ConnectomeSpec parse_connectome_spec(const std::filesystem::path& file);
// The same from YAML text; `file` names it in messages, `base_dir` resolves relative paths.
ConnectomeSpec parse_connectome_spec_text(const std::string& yaml_text, const std::string& file = "<string>",
                                          const std::filesystem::path& base_dir = {});

// True when the projection needs positions (a kernel, a mask, a distance weight or delay).
bool uses_distance(const connect::Projection& projection);

}  // namespace neurowire::spec
