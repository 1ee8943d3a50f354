// Finding a connectome file's populations and their positions for `neurowire inspect`.
#include "app/inspect.hpp"

#include <system_error>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/positions_file.hpp"
#include "io/sonata.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// "exc_to_inh" → {"exc", "inh"}; population names cannot hold "_to_" ambiguously if only one split
// leaves positions files on both sides, so every split is tried.
void guess_from_name(const fs::path& dir, const std::string& stem, InspectedFile& f) {
    const std::string sep = "_to_";
    for (std::size_t at = stem.find(sep); at != std::string::npos; at = stem.find(sep, at + 1)) {
        const std::string a = stem.substr(0, at), b = stem.substr(at + sep.size());
        if (is_file(dir / (a + ".positions.npy")) && is_file(dir / (b + ".positions.npy"))) {
            f.source_population = a;
            f.target_population = b;
            return;
        }
    }
}

}  // namespace

InspectedFile load_for_inspection(const fs::path& file, const fs::path& source_positions,
                                  const fs::path& target_positions) {
    InspectedFile f;
    fs::path positions_dir = file.parent_path();
    if (file.extension() == ".h5") {
        const auto names = io::sonata_edge_populations(file);
        if (names.empty()) throw file_error(file.string(), "/edges", "no edge population");
        io::SonataEdges edges = io::read_sonata_projection(file, names.front());
        f.connectome = std::move(edges.connectome);
        f.source_population = edges.source_population;
        f.target_population = edges.target_population;
        if (positions_dir.filename() == "sonata") positions_dir = positions_dir.parent_path();
    } else {
        f.connectome = io::read_connectome_any(file);
        guess_from_name(positions_dir, file.stem().string(), f);
    }
    if (positions_dir.empty()) positions_dir = ".";
    f.source_positions_file = !source_positions.empty() ? source_positions
                              : f.source_population.empty() ? fs::path()
                                                            : positions_dir / (f.source_population + ".positions.npy");
    f.target_positions_file = !target_positions.empty() ? target_positions
                              : f.target_population.empty() ? fs::path()
                                                            : positions_dir / (f.target_population + ".positions.npy");
    // Explicit files must exist; guessed ones are simply skipped when absent.
    auto load = [](const fs::path& p, bool explicit_file) -> std::optional<spatial::Positions> {
        if (p.empty() || (!explicit_file && !is_file(p))) return std::nullopt;
        return io::read_positions(p);
    };
    f.source_positions = load(f.source_positions_file, !source_positions.empty());
    f.target_positions = load(f.target_positions_file, !target_positions.empty());
    if (!f.source_positions || !f.target_positions) {
        f.source_positions.reset();
        f.target_positions.reset();
    }
    return f;
}

}  // namespace neurowire::app
