// Finding a connectome file's populations, sizes and positions for `neurowire inspect`.
#include "app/inspect.hpp"

#include <algorithm>
#include <system_error>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/connectome_manifest.hpp"
#include "io/positions_file.hpp"
#include "io/sonata.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::string lower_extension(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return ext;
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

// The box connect drew the population in, so that periodic axes wrap.
void apply_box(spatial::Positions& p, const io::ManifestPopulation& m, const fs::path& file) {
    if (m.low.empty()) return;
    if (m.low.size() != p.dims())
        throw file_error(file.string(), "", std::to_string(p.dims()) + " axes, but " + std::string(io::connectome_manifest_name) +
                                                " gives population " + m.name + " " + std::to_string(m.low.size()));
    p.extent.low = arma::vec(m.low);
    p.extent.high = arma::vec(m.high);
    p.extent.periodic = m.periodic;
}

}  // namespace

InspectedFile load_for_inspection(const fs::path& file, const fs::path& source_positions, const fs::path& target_positions) {
    return load_for_inspection(file, source_positions, target_positions, "");
}

InspectedFile load_for_inspection(const fs::path& file, const fs::path& source_positions, const fs::path& target_positions,
                                  const std::string& population) {
    InspectedFile f;
    fs::path positions_dir = file.parent_path();
    const std::string ext = lower_extension(file);
    const auto manifest = io::find_connectome_manifest(file);
    if (ext == ".h5" || ext == ".hdf5") {
        f.edge_populations = io::sonata_edge_populations(file);
        f.population = io::select_sonata_edge_population(file, population);
        io::SonataEdges edges = io::read_sonata_edge_population(file, f.population);
        f.connectome = std::move(edges.connectome);
        f.source_population = edges.source_population;
        f.target_population = edges.target_population;
        if (positions_dir.filename() == "sonata") positions_dir = positions_dir.parent_path();
    } else {
        f.connectome = io::read_connectome_any(file, population);
        f.has_delays = ext != ".mtx";
        const io::ManifestProjection* p = manifest ? manifest->projection(file.stem().string()) : nullptr;
        if (p) {
            f.source_population = p->source;
            f.target_population = p->target;
            f.sizes_from_manifest = ext == ".csv" || ext == ".conn";
        } else {
            guess_from_name(positions_dir, file.stem().string(), f);
        }
    }
    if (positions_dir.empty()) positions_dir = ".";
    const auto from_manifest = [&](const std::string& pop) -> const io::ManifestPopulation* {
        return manifest && !pop.empty() ? manifest->population(pop) : nullptr;
    };
    const auto guessed = [&](const std::string& pop) {
        if (pop.empty()) return fs::path();
        const io::ManifestPopulation* m = from_manifest(pop);
        return positions_dir / (m && !m->positions_file.empty() ? m->positions_file : pop + ".positions.npy");
    };
    f.source_positions_file = !source_positions.empty() ? source_positions : guessed(f.source_population);
    f.target_positions_file = !target_positions.empty() ? target_positions : guessed(f.target_population);
    // Explicit files must exist; guessed ones are simply skipped when absent.
    auto load = [&](const fs::path& p, bool explicit_file, const std::string& pop) -> std::optional<spatial::Positions> {
        if (p.empty() || (!explicit_file && !is_file(p))) return std::nullopt;
        spatial::Positions positions = io::read_positions(p);
        if (!explicit_file)
            if (const io::ManifestPopulation* m = from_manifest(pop)) apply_box(positions, *m, p);
        return positions;
    };
    f.source_positions = load(f.source_positions_file, !source_positions.empty(), f.source_population);
    f.target_positions = load(f.target_positions_file, !target_positions.empty(), f.target_population);
    if (!f.source_positions || !f.target_positions) {
        f.source_positions.reset();
        f.target_positions.reset();
    }
    f.periodic = f.target_positions && f.target_positions->extent.any_periodic();
    return f;
}

}  // namespace neurowire::app
