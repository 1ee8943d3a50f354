#pragma once
// DIR/connectome.json, written by `neurowire connect` beside the connectome files: what the
// files themselves cannot say. A CSV or PyNN .conn file holds no population sizes (the largest
// index is only a lower bound) and no positions file holds the box it was drawn in, so without
// this `inspect` would guess n_target and measure distances on periodic axes the plain way.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace neurowire::io {

namespace fs = std::filesystem;

inline constexpr const char* connectome_manifest_name = "connectome.json";

struct ManifestPopulation {
    std::string name;
    index_t size = 0;
    std::string positions_file;           // relative to DIR; empty without positions
    std::vector<double> low, high;        // the box, one value per axis (with positions)
    std::vector<bool> periodic;           // per axis
};

struct ManifestProjection {
    std::string name, source, target;     // population names
    index_t n_source = 0, n_target = 0;
    edge_t synapses = 0;
};

struct ConnectomeManifest {
    std::vector<ManifestPopulation> populations;
    std::vector<ManifestProjection> projections;

    const ManifestPopulation* population(const std::string& name) const;
    const ManifestProjection* projection(const std::string& name) const;
};

// Atomic and reproducible (no times, no absolute paths).
void write_connectome_manifest(const fs::path& file, const ConnectomeManifest& manifest);

// file_error naming the file and key when it is not a manifest of this form.
ConnectomeManifest read_connectome_manifest(const fs::path& file);

// DIR/connectome.json of the folder `file` lies in (or of its parent, for DIR/sonata/edges.h5);
// nullopt when there is none.
std::optional<ConnectomeManifest> find_connectome_manifest(const fs::path& file);

}  // namespace neurowire::io
