// The SONATA checker's edges checks: edges files (ids, node_population attributes, groups,
// weights and delays, index tables) and edge types tables.
#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "io/sonata_check_detail.hpp"

namespace neurowire::io::check {

namespace {

// node_id_to_range(s) → range_to_edge_id must cover every edge once, each on its own node.
std::string index_problem(const std::vector<std::uint64_t>& n2r, const std::vector<hsize_t>& n2r_dims,
                          const std::vector<std::uint64_t>& r2e, const std::vector<hsize_t>& r2e_dims,
                          const std::vector<std::uint64_t>& node_of_edge, std::uint64_t n_nodes) {
    if (n2r_dims.size() != 2 || n2r_dims[1] != 2) return "node_id_to_range(s) must be N x 2";
    if (r2e_dims.size() != 2 || r2e_dims[1] != 2) return "range_to_edge_id must be N x 2";
    const std::size_t rows = n2r_dims[0], ranges = r2e_dims[0], edges = node_of_edge.size();
    if (n_nodes && rows > n_nodes) return std::to_string(rows) + " rows for " + std::to_string(n_nodes) + " nodes";
    std::vector<int> covered(edges, 0);
    for (std::size_t node = 0; node < rows; ++node) {
        const auto first = n2r[2 * node], last = n2r[2 * node + 1];
        if (first > last || last > ranges)
            return "node " + std::to_string(node) + " has range rows [" + std::to_string(first) + ", " + std::to_string(last) + ")";
        for (auto k = first; k < last; ++k) {
            const auto begin = r2e[2 * k], end = r2e[2 * k + 1];
            if (begin > end || end > edges)
                return "range " + std::to_string(k) + " is [" + std::to_string(begin) + ", " + std::to_string(end) + ")";
            for (auto x = begin; x < end; ++x) {
                if (node_of_edge[x] != node)
                    return "node " + std::to_string(node) + "'s ranges hold edge " + std::to_string(x) + " of node " +
                           std::to_string(node_of_edge[x]);
                ++covered[x];
            }
        }
    }
    for (std::size_t x = 0; x < edges; ++x)
        if (covered[x] != 1)
            return "edge " + std::to_string(x) + " is covered " + std::to_string(covered[x]) + " times (once is right)";
    return "";
}

void check_indices(Report& r, const h5::File& f, hid_t g, const std::string& where, const std::vector<std::uint64_t>& source,
                   const std::vector<std::uint64_t>& target, std::uint64_t n_source, std::uint64_t n_target) {
    if (!f.is_group(g, "indices")) {
        r.warning({bmtk, libsonata}, f.path(), where + "/indices",
                  "missing: queries by source or target (BMTK get_target, libsonata afferent/efferent edges) need it");
        return;
    }
    for (const auto& [name, ids, n] : {std::tuple{"source_to_target", &source, n_source}, std::tuple{"target_to_source", &target, n_target}}) {
        const std::string base = std::string("indices/") + name;
        const std::string at = where + "/" + base;
        if (!f.is_group(g, base)) {
            r.warning({bmtk, libsonata}, f.path(), at, "missing");
            continue;
        }
        const bool singular = f.is_dataset(g, base + "/node_id_to_range");
        const bool plural = f.is_dataset(g, base + "/node_id_to_ranges");
        if (!singular) r.error({bmtk}, f.path(), at + "/node_id_to_range", "missing: BMTK reads this name (and refuses the index without it)");
        if (!plural) r.error({libsonata}, f.path(), at + "/node_id_to_ranges", "missing: libsonata reads this name");
        if (!f.is_dataset(g, base + "/range_to_edge_id")) {
            r.error({bmtk, libsonata}, f.path(), at + "/range_to_edge_id", "missing");
            continue;
        }
        const auto r2e = f.read<std::uint64_t>(g, base + "/range_to_edge_id");
        const auto r2e_dims = f.dims(g, base + "/range_to_edge_id");
        std::vector<std::uint64_t> tables[2];
        for (int k = 0; k < 2; ++k) {
            const std::string table = k ? "node_id_to_ranges" : "node_id_to_range";
            if (!(k ? plural : singular)) continue;
            tables[k] = f.read<std::uint64_t>(g, base + "/" + table);
            const std::string problem = index_problem(tables[k], f.dims(g, base + "/" + table), r2e, r2e_dims, *ids, n);
            if (!problem.empty())
                r.error({k ? libsonata : bmtk}, f.path(), at + "/" + table, "inconsistent with the edges: " + problem);
        }
        if (singular && plural && tables[0] != tables[1])
            r.error({bmtk, libsonata}, f.path(), at, "node_id_to_range and node_id_to_ranges differ: BMTK and libsonata would see other edges");
    }
}

}  // namespace

void check_edges_entry(Report& r, const NetworkEntry& e, const Context& ctx) {
    const std::string entry = "networks.edges[" + std::to_string(e.index) + "]";
    if (e.h5.empty()) {
        r.error(everyone, e.config, entry + ".edges_file", "no such file");
        return;
    }
    const h5::QuietErrors quiet;
    std::optional<h5::File> opened;
    try {
        opened = h5::File::open_read(e.h5.string());
    } catch (const file_error& err) {
        r.error(everyone, e.h5, "", err.problem);
        return;
    }
    const h5::File& f = *opened;
    root_attributes(r, f);
    if (!f.is_group(f.id(), "edges")) {
        r.error(everyone, e.h5, "/edges", "missing: not a SONATA edges file");
        return;
    }
    const auto table = read_table(r, e.csv, "edge types");
    if (table && table->column("edge_type_id") < 0) r.error(everyone, e.csv, "column edge_type_id", "missing");
    const h5::Handle edges = f.open_group(f.id(), "edges");
    std::set<std::uint64_t> used_types;
    for (const auto& pop : f.children(edges.get(), "/edges")) {
        const std::string where = "/edges/" + pop;
        if (!f.is_group(edges.get(), pop)) continue;
        const h5::Handle g = f.open_group(edges.get(), pop);
        if (!e.has_populations_block)
            r.warning({libsonata}, r.dir() / "circuit_config.json", entry + ".populations",
                      "missing: edge population '" + pop + "' then has libsonata's default type and no properties");
        std::vector<std::uint64_t> ids[2];
        std::uint64_t sizes[2] = {0, 0};
        bool ok = true;
        const char* names[2] = {"source_node_id", "target_node_id"};
        for (int side = 0; side < 2; ++side) {
            const std::string at = where + "/" + names[side];
            if (!f.is_dataset(g.get(), names[side])) {
                r.error(everyone, e.h5, at, "missing");
                ok = false;
                continue;
            }
            if (!integer_dataset(r, f, g.get(), names[side], where, everyone)) {
                ok = false;
                continue;
            }
            ids[side] = read_ids(f, g.get(), names[side]);
            const h5::Handle set(H5Dopen2(g.get(), names[side], H5P_DEFAULT));
            if (!f.has_attribute(set.get(), "node_population")) {
                r.error({nest, bmtk, libsonata}, e.h5, at, "attribute node_population missing: it names the node population the ids refer to");
                continue;
            }
            std::string population;
            try {
                population = f.read_attribute_string(set.get(), "node_population", at);
            } catch (const file_error& err) {
                r.error({nest, bmtk, libsonata}, e.h5, at + ", attribute node_population", err.problem);
                continue;
            }
            const auto size = ctx.node_population_sizes.find(population);
            if (size == ctx.node_population_sizes.end()) {
                r.error(everyone, e.h5, at + ", attribute node_population", "'" + population + "' is no node population of the network");
                continue;
            }
            sizes[side] = size->second;
            for (std::size_t k = 0; k < ids[side].size(); ++k)
                if (ids[side][k] >= size->second) {
                    r.error(everyone, e.h5, at + ", row " + std::to_string(k),
                            "node id " + std::to_string(ids[side][k]) + " is outside '" + population + "' (" + std::to_string(size->second) + " nodes)");
                    break;
                }
        }
        if (!ok) continue;
        const std::size_t n = ids[0].size();
        if (ids[1].size() != n) {
            r.error(everyone, e.h5, where + "/target_node_id", "length differs from source_node_id (" + std::to_string(n) + ")");
            continue;
        }
        std::vector<std::uint64_t> type_id, group_id(n, 0), group_index(n);
        for (std::size_t k = 0; k < n; ++k) group_index[k] = k;
        for (const auto& [name, out, who] : {std::tuple{"edge_type_id", &type_id, std::initializer_list<R>{nest, bmtk, pynn}},
                                             std::tuple{"edge_group_id", &group_id, std::initializer_list<R>{bmtk, pynn}},
                                             std::tuple{"edge_group_index", &group_index, std::initializer_list<R>{bmtk, pynn}}}) {
            if (!f.is_dataset(g.get(), name)) {
                r.error(who, e.h5, where + "/" + name, "missing");
                continue;
            }
            if (!integer_dataset(r, f, g.get(), name, where, everyone)) continue;
            auto v = read_ids(f, g.get(), name);
            if (v.size() != n) {
                r.error(everyone, e.h5, where + "/" + name, std::to_string(v.size()) + " rows, source_node_id has " + std::to_string(n));
                continue;
            }
            *out = std::move(v);
        }
        used_types.insert(type_id.begin(), type_id.end());
        std::vector<std::string> groups;
        for (const auto& child : f.children(g.get(), where))
            if (is_digits(child) && f.is_group(g.get(), child)) groups.push_back(child);
        if (groups.size() != 1 || groups[0] != "0")
            r.error({libsonata}, e.h5, where, std::to_string(groups.size()) + " edge groups" +
                                                  (groups.size() == 1 ? " (named " + groups[0] + ")" : "") +
                                                  "; libsonata reads exactly one, named 0");
        std::set<std::uint64_t> used_groups(group_id.begin(), group_id.end());
        for (auto id : used_groups)
            if (std::find(groups.begin(), groups.end(), std::to_string(id)) == groups.end())
                r.error({bmtk, pynn, libsonata}, e.h5, where + "/edge_group_id", "names group " + std::to_string(id) + ", which does not exist");
        // Weights and delays: per edge in its group, else per edge type.
        for (const char* prop : {"syn_weight", "delay"}) {
            for (auto id : used_groups) {
                const std::string grp = std::to_string(id);
                if (f.is_dataset(g.get(), grp + "/" + prop)) {
                    if (std::string(prop) == "delay" && ctx.dt_ms > 0) {
                        const auto d = f.read<double>(g.get(), grp + "/" + prop);
                        const auto low = std::min_element(d.begin(), d.end());
                        if (low != d.end() && *low < ctx.dt_ms * (1 - 1e-6))
                            r.error({nest}, e.h5, where + "/" + grp + "/delay",
                                    "delay " + std::to_string(*low) + " ms is below run.dt (" + std::to_string(ctx.dt_ms) + " ms); NEST refuses it");
                    }
                    continue;
                }
                bool all_types = table.has_value() && table->column(prop) >= 0;
                if (all_types)
                    for (std::size_t k = 0; k < n && all_types; ++k) {
                        if (group_id[k] != id) continue;
                        const int row = table->row_of("edge_type_id", type_id.empty() ? 0 : type_id[k]);
                        all_types = row >= 0 && table->cell(static_cast<std::size_t>(row), table->column(prop)).has_value();
                    }
                if (!all_types) {
                    r.error({bmtk}, e.h5, where + "/" + grp + "/" + prop, "missing here and in the edge types table: BMTK needs it for every edge");
                    r.warning({nest}, e.h5, where + "/" + grp + "/" + prop, "missing here and in the edge types table: NEST uses its default");
                }
            }
        }
        // PyNN makes one Projection per edge group: one synapse model each.
        if (table && table->column("model_template") >= 0)
            for (auto id : used_groups) {
                std::set<std::string> models;
                for (std::size_t k = 0; k < n && !type_id.empty(); ++k) {
                    if (group_id[k] != id) continue;
                    const int row = table->row_of("edge_type_id", type_id[k]);
                    if (row >= 0)
                        if (auto m = table->cell(static_cast<std::size_t>(row), table->column("model_template"))) models.insert(*m);
                }
                if (models.size() > 1)
                    r.error({pynn}, e.h5, where + "/" + std::to_string(id),
                            std::to_string(models.size()) + " model_templates in one edge group; PyNN needs one per group");
            }
        check_indices(r, f, g.get(), where, ids[0], ids[1], sizes[0], sizes[1]);
    }
    if (!table || table->column("edge_type_id") < 0) return;
    const int tpl = table->column("model_template"), dp = table->column("dynamics_params");
    if (tpl < 0) r.error({nest, bmtk, pynn}, e.csv, "column model_template", "missing: the synapse model of each edge type");
    for (std::size_t row = 0; row < table->rows.size(); ++row) {
        const std::string where = "line " + std::to_string(table->lines[row]);
        if (const auto m = table->cell(row, tpl); m && m->rfind("nest:", 0) == 0)
            r.error({nest}, e.csv, where + ", column model_template", "'" + *m + "': NEST takes the synapse model without the nest: prefix");
        else if (m && m->find(':') != std::string::npos)
            r.error({nest}, e.csv, where + ", column model_template", "'" + *m + "': NEST takes a NEST synapse model (static_synapse)");
        // PyNN 0.10 splits the name at ':' into prefix and model: without one it raises ValueError
        // (NEST wants none: no edge types table serves both).
        if (const auto m = table->cell(row, tpl)) {
            const auto colon = m->find(':');
            const std::string prefix = colon == std::string::npos ? "" : m->substr(0, colon);
            if (prefix != "pynn" && prefix != "pyNN" && prefix != "nest" && prefix != "nrn")
                r.error({pynn}, e.csv, where + ", column model_template",
                        "'" + *m + "': PyNN needs <prefix>:<synapse> (pynn:StaticSynapse); export with --target pynn");
        }
        if (const auto d = table->cell(row, dp); d && !ctx.synaptic_models_dir.empty()) {
            std::error_code ec;
            if (!fs::is_regular_file(ctx.synaptic_models_dir / *d, ec))
                r.error({nest, bmtk}, e.csv, where + ", column dynamics_params",
                        "'" + *d + "' is not in components.synaptic_models_dir (" + ctx.synaptic_models_dir.generic_string() + ")");
        }
    }
    for (auto id : used_types)
        if (table->row_of("edge_type_id", id) < 0)
            r.error({nest, bmtk, pynn}, e.csv, "column edge_type_id", "no row for edge_type_id " + std::to_string(id) + " used in the edges file");
}

}  // namespace neurowire::io::check
