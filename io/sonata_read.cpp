// Reading SONATA edge populations back, for round trips, `weights: {connectome: ...}` and
// `neurowire inspect`. Files from other writers are accepted: BMTK sorts by target, may spread
// edges over several groups, and keeps syn_weight/delay in edge_types.csv with nsyns per edge.
#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"
#include "io/sonata_json.hpp"
#include "io/sonata_types.hpp"

namespace neurowire::io {

namespace {

std::vector<index_t> node_ids(const h5::File& f, hid_t g, const std::string& name, const std::string& where) {
    const auto v = f.read<std::uint64_t>(g, name);
    std::vector<index_t> out(v.size());
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (v[k] > std::numeric_limits<index_t>::max())
            throw file_error(f.path(), where + "/" + name + ", row " + std::to_string(k),
                             std::to_string(v[k]) + " does not fit a 32-bit node id");
        out[k] = static_cast<index_t>(v[k]);
    }
    return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The size of a node population from any *nodes.h5 beside the edges file that holds it.
std::optional<index_t> size_from_nodes_files(const fs::path& folder, const std::string& population) {
    std::error_code ec;
    std::vector<fs::path> candidates;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? fs::path(".") : folder, ec))
        if (entry.is_regular_file(ec) && ends_with(entry.path().filename().string(), "nodes.h5"))
            candidates.push_back(entry.path());
    std::sort(candidates.begin(), candidates.end());
    for (const auto& file : candidates) {
        if (H5Fis_hdf5(file.string().c_str()) <= 0) {
            H5Eclear2(H5E_DEFAULT);
            continue;
        }
        h5::File nf = h5::File::open_read(file.string());
        const std::string set = "nodes/" + population + "/node_type_id";
        if (nf.is_dataset(nf.id(), set)) return static_cast<index_t>(nf.dims(nf.id(), set).at(0));
    }
    return std::nullopt;
}

// The node count of one side: nodes files, else index table rows, else max id + 1.
index_t node_count(const h5::File& f, hid_t g, const std::string& index_name, const std::string& population,
                   const std::vector<index_t>& ids) {
    if (const auto n = size_from_nodes_files(fs::path(f.path()).parent_path(), population)) return *n;
    for (const char* table : {"node_id_to_ranges", "node_id_to_range"}) {
        const std::string path = "indices/" + index_name + "/" + table;
        if (f.is_dataset(g, path)) {
            const auto dims = f.dims(g, path);
            if (!dims.empty()) return static_cast<index_t>(dims[0]);
        }
    }
    index_t max = 0;
    for (index_t v : ids) max = std::max(max, v + 1);
    return max;
}

// The edge types table that goes with edges_h5 (see SonataReadOptions), or empty.
fs::path find_edge_types(const fs::path& edges_h5) {
    std::error_code ec;
    const std::string name = edges_h5.filename().string();
    if (ends_with(name, "edges.h5")) {
        const fs::path beside = edges_h5.parent_path() / (name.substr(0, name.size() - 8) + "edge_types.csv");
        if (fs::is_regular_file(beside, ec)) return beside;
    }
    for (const char* config : {"circuit_config.json", "simulation_config.json"}) {
        const fs::path file = edges_h5.parent_path() / config;
        if (!fs::is_regular_file(file, ec)) continue;
        try {
            const json::Value root = json::parse_file(file);
            const json::Value* networks = root.find("networks");
            const json::Value* edges = networks ? networks->find("edges") : nullptr;
            if (!edges || !edges->is_array()) continue;
            for (const auto& entry : edges->array) {
                const json::Value* h5 = entry.find("edges_file");
                const json::Value* csv = entry.find("edge_types_file");
                if (!h5 || !csv || !h5->is_string() || !csv->is_string()) continue;
                // Manifest variables aside, the file names are what identify the pair.
                if (fs::path(h5->string).filename() != edges_h5.filename()) continue;
                const fs::path types = edges_h5.parent_path() / fs::path(csv->string).filename();
                if (fs::is_regular_file(types, ec)) return types;
            }
        } catch (const file_error&) {
            // An unreadable config beside the file is not this reader's business.
        }
    }
    return {};
}

// A per-edge property: from the edge's group where the group has it, else from its edge type.
class EdgeProperty {
public:
    EdgeProperty(std::string name, double fallback, bool required) : name_(std::move(name)), fallback_(fallback), required_(required) {}

    std::vector<double> values(const h5::File& f, const std::string& where, const std::vector<std::uint64_t>& group_id,
                               const std::vector<std::uint64_t>& group_index, const std::vector<std::uint64_t>& type_id,
                               const std::map<std::uint64_t, std::vector<double>>& columns, const TypesTable* types,
                               const fs::path& types_file) const {
        const std::size_t n = group_id.size();
        std::vector<double> out(n);
        const int type_column = types ? types->column(name_) : -1;
        std::map<std::uint64_t, std::optional<double>> per_type;
        for (std::size_t k = 0; k < n; ++k) {
            const auto col = columns.find(group_id[k]);
            if (col != columns.end() && !col->second.empty()) {
                if (group_index[k] >= col->second.size())
                    throw file_error(f.path(), where + "/edge_group_index, row " + std::to_string(k),
                                     std::to_string(group_index[k]) + " points past the end of " + std::to_string(group_id[k]) +
                                         "/" + name_ + " (" + std::to_string(col->second.size()) + " rows)");
                out[k] = col->second[group_index[k]];
                continue;
            }
            auto it = per_type.find(type_id[k]);
            if (it == per_type.end()) it = per_type.emplace(type_id[k], type_value(type_id[k], types, type_column)).first;
            if (it->second) {
                out[k] = *it->second;
                continue;
            }
            if (!required_) {
                out[k] = fallback_;
                continue;
            }
            const std::string at = where + "/" + std::to_string(group_id[k]) + "/" + name_;
            throw file_error(f.path(), at,
                             "missing, and no edge types table gives it for edge_type_id " + std::to_string(type_id[k]) +
                                 (types_file.empty() ? std::string(" (no edge types table found next to the file)")
                                                     : " in " + types_file.string()));
        }
        return out;
    }

    const std::string& name() const { return name_; }

private:
    std::optional<double> type_value(std::uint64_t type_id, const TypesTable* types, int column) const {
        if (!types || column < 0) return std::nullopt;
        const int row = types->row_of("edge_type_id", type_id);
        if (row < 0) return std::nullopt;
        const auto cell = types->cell(static_cast<std::size_t>(row), column);
        if (!cell) return std::nullopt;
        try {
            std::size_t used = 0;
            const double v = std::stod(*cell, &used);
            if (used == cell->size()) return v;
        } catch (const std::exception&) {
        }
        throw file_error(types->file, "line " + std::to_string(types->lines[static_cast<std::size_t>(row)]) + ", column " + name_,
                         "'" + *cell + "' is not a number");
    }

    std::string name_;
    double fallback_;
    bool required_;
};

}  // namespace

std::vector<std::string> sonata_edge_populations(const fs::path& edges_h5) {
    const h5::QuietErrors quiet;
    const h5::File f = h5::File::open_read(edges_h5.string());
    if (!f.exists(f.id(), "edges")) throw file_error(f.path(), "group /edges", "missing: not a SONATA edges file");
    const h5::Handle edges = f.open_group(f.id(), "edges");
    return f.children(edges.get(), "group /edges");   // H5_INDEX_NAME order
}

std::string select_sonata_edge_population(const fs::path& edges_h5, const std::string& population) {
    const auto names = sonata_edge_populations(edges_h5);
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    if (population.empty()) {
        if (names.size() == 1) return names.front();
        if (names.empty()) throw file_error(edges_h5.string(), "group /edges", "holds no edge population");
        throw file_error(edges_h5.string(), "group /edges",
                         std::to_string(names.size()) + " edge populations (" + list + "): name the one to read");
    }
    if (std::find(names.begin(), names.end(), population) == names.end())
        throw file_error(edges_h5.string(), "group /edges/" + population,
                         "missing; the file has " + (list.empty() ? std::string("no edge population") : list));
    return population;
}

SonataEdges read_sonata_edge_population(const fs::path& edges_h5, const std::string& population,
                                        const SonataReadOptions& options) {
    const std::string projection = select_sonata_edge_population(edges_h5, population);
    const h5::QuietErrors quiet;
    const h5::File f = h5::File::open_read(edges_h5.string());
    const std::string where = "/edges/" + projection;
    const h5::Handle g = f.open_group(f.id(), "edges/" + projection);
    for (const char* name : {"source_node_id", "target_node_id"})
        if (!f.exists(g.get(), name)) throw file_error(f.path(), where + "/" + name, "missing");

    SonataEdges out;
    {
        const h5::Handle s(h5::check(H5Dopen2(g.get(), "source_node_id", H5P_DEFAULT), f.path(), where));
        out.source_population = f.read_attribute_string(s.get(), "node_population", where + "/source_node_id");
        const h5::Handle t(h5::check(H5Dopen2(g.get(), "target_node_id", H5P_DEFAULT), f.path(), where));
        out.target_population = f.read_attribute_string(t.get(), "node_population", where + "/target_node_id");
    }
    const auto source = node_ids(f, g.get(), "source_node_id", where);
    const auto target = node_ids(f, g.get(), "target_node_id", where);
    const std::size_t n = source.size();
    if (target.size() != n)
        throw file_error(f.path(), where, "source_node_id and target_node_id differ in length (" + std::to_string(n) +
                                              " and " + std::to_string(target.size()) + ")");

    // Per-edge columns, each checked for length: absent group ids mean group 0, absent indices the row.
    const auto column = [&](const char* name, std::vector<std::uint64_t> fallback) {
        if (!f.exists(g.get(), name)) return fallback;
        auto v = f.read<std::uint64_t>(g.get(), name);
        if (v.size() != n)
            throw file_error(f.path(), where + "/" + name,
                             std::to_string(v.size()) + " rows, source_node_id has " + std::to_string(n));
        return v;
    };
    std::vector<std::uint64_t> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    const auto group_id = column("edge_group_id", std::vector<std::uint64_t>(n, 0));
    const auto group_index = column("edge_group_index", rows);
    const auto type_id = column("edge_type_id", std::vector<std::uint64_t>(n, 0));

    std::vector<std::uint64_t> groups(group_id);
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    for (auto id : groups)
        if (!f.is_group(g.get(), std::to_string(id)))
            throw file_error(f.path(), where + "/" + std::to_string(id), "missing: edge_group_id names this group");

    fs::path types_file = options.edge_types_csv;
    if (types_file.empty()) types_file = find_edge_types(edges_h5);
    std::optional<TypesTable> types;
    if (!types_file.empty()) types = read_types_table(types_file);

    const EdgeProperty properties[] = {{"syn_weight", 0.0, true}, {"delay", 0.0, true}, {"nsyns", 1.0, false}};
    std::vector<double> value[3];
    for (int p = 0; p < 3; ++p) {
        std::map<std::uint64_t, std::vector<double>> columns;
        for (auto id : groups) {
            const std::string set = std::to_string(id) + "/" + properties[p].name();
            if (f.is_dataset(g.get(), set)) columns[id] = f.read<double>(g.get(), set);
        }
        value[p] = properties[p].values(f, where, group_id, group_index, type_id, columns,
                                        types ? &*types : nullptr, types_file);
    }

    auto& c = out.connectome;
    c.n_source = node_count(f, g.get(), "source_to_target", out.source_population, source);
    c.n_target = node_count(f, g.get(), "target_to_source", out.target_population, target);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    const auto before = [&](std::size_t a, std::size_t b) {
        return source[a] != source[b] ? source[a] < source[b] : target[a] < target[b];
    };
    if (!std::is_sorted(order.begin(), order.end(), before)) std::stable_sort(order.begin(), order.end(), before);
    c.source.resize(n);
    c.target.resize(n);
    c.weight.resize(n);
    c.delay.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t e = order[k];
        if (source[e] >= c.n_source || target[e] >= c.n_target)
            throw file_error(f.path(), where + ", row " + std::to_string(e),
                             "node id out of range (" + std::to_string(c.n_source) + " sources, " +
                                 std::to_string(c.n_target) + " targets)");
        c.source[k] = source[e];
        c.target[k] = target[e];
        c.weight[k] = static_cast<float>(value[0][e] * value[2][e]);
        c.delay[k] = static_cast<float>(value[1][e]);
    }
    return out;
}

SonataEdges read_sonata_projection(const fs::path& edges_h5, const std::string& projection) {
    if (projection.empty()) throw std::logic_error("read_sonata_projection: no population named");
    return read_sonata_edge_population(edges_h5, projection);
}

connect::Connectome read_sonata_edges(const fs::path& edges_h5, const std::string& projection) {
    return read_sonata_projection(edges_h5, projection).connectome;
}

}  // namespace neurowire::io
