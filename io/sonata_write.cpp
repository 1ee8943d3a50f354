// The SONATA writer. HDF5 converts our uint32/float arrays to the file's uint64/float64 as it
// writes, so the edge table is never copied; only the constant and index columns are built here.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <ostream>
#include <stdexcept>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"
#include "io/sonata_config_write.hpp"
#include "io/sonata_json.hpp"
#include "io/text_util.hpp"
#include "io/sonata_types.hpp"

namespace neurowire::io {

namespace {

constexpr std::uint32_t first_type_id = 100;

// Ranges of edge rows per node, in SONATA's two-table form.
struct RangeIndex {
    std::vector<std::uint64_t> node_to_ranges;   // n_nodes × 2
    std::vector<std::uint64_t> range_to_edges;   // n_ranges × 2
};

// Edge ids grouped by node (ascending within a node); runs of consecutive ids become one range.
RangeIndex build_index(const std::vector<index_t>& node_of_edge, index_t n_nodes) {
    const std::size_t n = node_of_edge.size();
    std::vector<std::uint64_t> start(std::size_t{n_nodes} + 1, 0);
    for (index_t v : node_of_edge) ++start[v + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::uint64_t> order(n);
    std::vector<std::uint64_t> fill(start.begin(), start.end() - 1);
    for (std::size_t e = 0; e < n; ++e) order[fill[node_of_edge[e]]++] = e;   // counting sort, stable

    RangeIndex idx;
    idx.node_to_ranges.resize(std::size_t{n_nodes} * 2);
    for (index_t v = 0; v < n_nodes; ++v) {
        const std::uint64_t first_range = idx.range_to_edges.size() / 2;
        for (std::uint64_t k = start[v]; k < start[v + 1];) {
            std::uint64_t end = k + 1;
            while (end < start[v + 1] && order[end] == order[end - 1] + 1) ++end;
            idx.range_to_edges.push_back(order[k]);
            idx.range_to_edges.push_back(order[end - 1] + 1);
            k = end;
        }
        idx.node_to_ranges[2 * std::size_t{v}] = first_range;
        idx.node_to_ranges[2 * std::size_t{v} + 1] = idx.range_to_edges.size() / 2;
    }
    return idx;
}

// libsonata reads node_id_to_ranges, BMTK node_id_to_range (and fails without it): one table, two names.
void write_index(const h5::File& f, hid_t loc, const std::string& name, const RangeIndex& idx) {
    const h5::Handle g = f.create_group(loc, name);
    f.write(g.get(), "node_id_to_ranges", H5T_STD_U64LE, idx.node_to_ranges, {idx.node_to_ranges.size() / 2, 2});
    f.hard_link(g.get(), "node_id_to_ranges", "node_id_to_range");
    f.write(g.get(), "range_to_edge_id", H5T_STD_U64LE, idx.range_to_edges, {idx.range_to_edges.size() / 2, 2});
}

void write_root_attributes(const h5::File& f) {
    f.attribute_u32(f.id(), "magic", {0x0A7A}, true);
    f.attribute_u32(f.id(), "version", {0, 1}, false);
}

void write_columns(const h5::File& f, hid_t group, const NamedColumns& columns) {
    if (columns.empty()) return;
    const h5::Handle params = f.create_group(group, "dynamics_params");
    for (const auto& [name, values] : columns) f.write(params.get(), name, H5T_IEEE_F64LE, values);
}

// `populations` with their node type ids.
void write_nodes(const std::string& path, const std::vector<std::pair<const SonataPopulation*, std::uint64_t>>& populations) {
    h5::File f = h5::File::create(path);
    write_root_attributes(f);
    {
        const h5::Handle nodes = f.create_group(f.id(), "nodes");
        for (const auto& [pop_ptr, type_id] : populations) {
            const auto& pop = *pop_ptr;
            platform::check_memory("SONATA node table of " + pop.name + " (" + std::to_string(pop.size) + " nodes)",
                                   16.0 * double(pop.size));
            const h5::Handle g = f.create_group(nodes.get(), pop.name);
            f.write(g.get(), "node_type_id", H5T_STD_U64LE, std::vector<std::uint64_t>(pop.size, type_id));
            f.write(g.get(), "node_group_id", H5T_STD_U32LE, std::vector<std::uint32_t>(pop.size, 0));
            std::vector<std::uint64_t> index(pop.size);
            std::iota(index.begin(), index.end(), 0);
            f.write(g.get(), "node_group_index", H5T_STD_U64LE, index);
            f.write(g.get(), "node_id", H5T_STD_U64LE, index);   // optional in SONATA, required by BMTK and PyNN
            const h5::Handle group0 = f.create_group(g.get(), "0");   // node_group_id refers to it
            if (pop.positions) {
                static const char* axes[] = {"x", "y", "z"};
                for (std::size_t a = 0; a < pop.positions->dims(); ++a) {
                    std::vector<float> coord(pop.size);
                    for (index_t i = 0; i < pop.size; ++i) coord[i] = static_cast<float>(pop.positions->coords(a, i));
                    f.write(group0.get(), axes[a], H5T_IEEE_F32LE, coord);
                }
            }
            write_columns(f, group0.get(), pop.node_params);
        }
    }
    f.close();
}

void write_edges(const std::string& path, const std::vector<SonataProjection>& projections) {
    h5::File f = h5::File::create(path);
    write_root_attributes(f);
    {
        const h5::Handle edges = f.create_group(f.id(), "edges");
        for (std::size_t p = 0; p < projections.size(); ++p) {
            const auto& proj = projections[p];
            const auto& c = proj.connectome;
            const std::size_t n = c.size();
            // The index columns and the sort order of the larger index, built beside the table.
            platform::check_memory("SONATA edge table of " + proj.name + " (" + std::to_string(n) + " synapses)",
                                   24.0 * double(n) + 32.0 * (double(c.n_source) + double(c.n_target)));
            const h5::Handle g = f.create_group(edges.get(), proj.name);
            f.write(g.get(), "source_node_id", H5T_STD_U64LE, c.source);
            {
                const h5::Handle set(h5::check(H5Dopen2(g.get(), "source_node_id", H5P_DEFAULT), path, proj.name));
                f.attribute_string(set.get(), "node_population", proj.source);
            }
            f.write(g.get(), "target_node_id", H5T_STD_U64LE, c.target);
            {
                const h5::Handle set(h5::check(H5Dopen2(g.get(), "target_node_id", H5P_DEFAULT), path, proj.name));
                f.attribute_string(set.get(), "node_population", proj.target);
            }
            f.write(g.get(), "edge_type_id", H5T_STD_U32LE,
                    std::vector<std::uint32_t>(n, first_type_id + static_cast<std::uint32_t>(p)));
            f.write(g.get(), "edge_group_id", H5T_STD_U16LE, std::vector<std::uint16_t>(n, 0));
            {
                std::vector<std::uint64_t> index(n);
                std::iota(index.begin(), index.end(), 0);
                f.write(g.get(), "edge_group_index", H5T_STD_U64LE, index);
            }
            {
                const h5::Handle group0 = f.create_group(g.get(), "0");
                f.write(group0.get(), "syn_weight", H5T_IEEE_F64LE, c.weight);
                f.write(group0.get(), "delay", H5T_IEEE_F64LE, c.delay);
                write_columns(f, group0.get(), proj.edge_params);
            }
            const h5::Handle indices = f.create_group(g.get(), "indices");
            write_index(f, indices.get(), "source_to_target", build_index(c.source, c.n_source));
            write_index(f, indices.get(), "target_to_source", build_index(c.target, c.n_target));
        }
    }
    f.close();
}

// {"name": value, ...} in the given order; {} when empty.
std::string params_json(const NamedParams& params) {
    if (params.empty()) return "{}\n";
    std::string out = "{";
    for (std::size_t k = 0; k < params.size(); ++k) {
        out += std::string(k ? "," : "") + "\n  " + json::quote(params[k].first) + ": ";
        text::append_number(out, params[k].second);
    }
    return out + "\n}\n";
}

void write_text(const fs::path& file, const std::string& content) {
    write_stream_atomically(file, [&](std::ostream& out) { out << content; });
}

void check_arguments(const std::vector<SonataPopulation>& populations, const std::vector<SonataProjection>& projections) {
    const auto find = [&](const std::string& name) -> const SonataPopulation* {
        for (const auto& p : populations)
            if (p.name == name) return &p;
        return nullptr;
    };
    for (const auto& p : populations) {
        if (p.positions && (p.positions->size() != p.size || p.positions->dims() < 1 || p.positions->dims() > 3))
            throw std::logic_error("write_sonata: positions of '" + p.name + "' do not match its size or have 0 or >3 axes");
        for (const auto& [name, values] : p.node_params)
            if (values.size() != p.size) throw std::logic_error("write_sonata: node_params " + name + " of '" + p.name + "'");
        for (const auto& [name, value] : p.dynamics_params)
            if (!std::isfinite(value)) throw std::logic_error("write_sonata: dynamics_params " + name + " of '" + p.name + "'");
    }
    for (const auto& proj : projections)
        for (const auto& [name, values] : proj.edge_params)
            if (values.size() != proj.connectome.size()) throw std::logic_error("write_sonata: edge_params " + name);
    for (const auto& proj : projections) {
        const SonataPopulation* s = find(proj.source);
        const SonataPopulation* t = find(proj.target);
        if (!s || !t) throw std::logic_error("write_sonata: projection '" + proj.name + "' names an unknown population");
        if (s->size != proj.connectome.n_source || t->size != proj.connectome.n_target)
            throw std::logic_error("write_sonata: projection '" + proj.name + "' does not match its populations' sizes");
    }
}

}  // namespace

double default_sonata_dt(const std::vector<SonataProjection>& projections) {
    float smallest = 0.0f;
    for (const auto& p : projections)
        for (float d : p.connectome.delay)
            if (d > 0.0f && (smallest == 0.0f || d < smallest)) smallest = d;
    if (smallest == 0.0f) return 0.1;
    // 0.1, 0.05, 0.025, 0.01, 0.005, ...: steps a user would pick; the float32 delay is compared
    // with the float32 of the step, so a delay of exactly 0.1 (as float) admits dt 0.1.
    for (double decade = 0.1; decade > 1e-9; decade /= 10.0)
        for (double f : {1.0, 0.5, 0.25})
            if (static_cast<float>(decade * f) <= smallest) return decade * f;
    return 1e-9;
}

fs::path write_sonata(const fs::path& dir, const std::vector<SonataPopulation>& populations,
                      const std::vector<SonataProjection>& projections, const SonataWriteOptions& options) {
    check_arguments(populations, projections);
    const SonataRunSettings& run = options.run;
    if (!(run.dt_ms >= 0.0) || !std::isfinite(run.dt_ms) || !(run.tstop_ms >= 0.0) || !std::isfinite(run.tstop_ms))
        throw std::logic_error("write_sonata: dt_ms and tstop_ms must be finite and >= 0");
    const double dt = run.dt_ms > 0.0 ? run.dt_ms : default_sonata_dt(projections);
    const h5::QuietErrors quiet;
    AtomicDirectory folder(dir / "sonata");
    const fs::path& out = folder.staging();
    // Populations that simulate and virtual ones (spike sources) in files of their own.
    std::vector<std::pair<const SonataPopulation*, std::uint64_t>> cells, sources;
    for (std::size_t p = 0; p < populations.size(); ++p)
        (populations[p].model_type == "virtual" ? sources : cells).emplace_back(&populations[p], first_type_id + p);
    write_nodes((out / "nodes.h5").string(), cells);
    if (!sources.empty()) write_nodes((out / "virtual_nodes.h5").string(), sources);
    write_edges((out / "edges.h5").string(), projections);

    fs::create_directories(out / "components" / "point_neuron_models");
    const auto node_types = [&](const std::vector<std::pair<const SonataPopulation*, std::uint64_t>>& pops) {
        std::string table = "node_type_id model_type model_template dynamics_params population\n";
        for (const auto& [pop, type_id] : pops) {
            const bool virtual_nodes = pop->model_type == "virtual";
            table += std::to_string(type_id) + " " + types_field(pop->model_type) + " " +
                     (virtual_nodes ? std::string("NONE") : types_field(pop->model_template)) + " " +
                     (virtual_nodes ? std::string("NONE") : types_field(pop->name + ".json")) + " " + types_field(pop->name) + "\n";
            if (!virtual_nodes)
                write_text(out / "components" / "point_neuron_models" / (pop->name + ".json"), params_json(pop->dynamics_params));
        }
        return table;
    };
    write_text(out / "node_types.csv", node_types(cells));
    if (!sources.empty()) write_text(out / "virtual_node_types.csv", node_types(sources));

    std::vector<std::string> extra;   // further edge type columns, in order of first use
    for (const auto& proj : projections)
        for (const auto& [column, value] : proj.type_columns)
            if (std::find(extra.begin(), extra.end(), column) == extra.end()) extra.push_back(column);
    std::string edge_types = "edge_type_id model_template dynamics_params";
    for (const auto& column : extra) {
        edge_types += ' ';   // appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on " " + std::string
        edge_types += types_field(column);
    }
    edge_types += "\n";
    fs::create_directories(out / "components" / "synaptic_models");
    for (std::size_t p = 0; p < projections.size(); ++p) {
        const auto& proj = projections[p];
        edge_types += std::to_string(first_type_id + p) + " " + types_field(proj.model_template) + " " +
                      types_field(proj.name + ".json");
        for (const auto& column : extra) {
            const auto it = std::find_if(proj.type_columns.begin(), proj.type_columns.end(),
                                         [&](const auto& kv) { return kv.first == column; });
            edge_types += ' ';
            edge_types += it == proj.type_columns.end() ? std::string("NONE") : types_field(it->second);
        }
        edge_types += "\n";
        write_text(out / "components" / "synaptic_models" / (proj.name + ".json"), "{}\n");
    }
    write_text(out / "edge_types.csv", edge_types);
    write_text(out / "circuit_config.json", detail::circuit_config_json(populations, projections, options.pynn_plan ? run.target_simulator : ""));
    write_text(out / "simulation_config.json", detail::simulation_config_json(populations, projections, run, dt, options));
    if (options.pynn_plan) write_text(out / "node_sets.json", detail::node_sets_json(populations));
    folder.commit();
    return folder.target();
}

}  // namespace neurowire::io
