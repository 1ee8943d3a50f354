// Reading SONATA edge populations back, for round trips and `neurowire inspect`. Files from other
// writers (BMTK sorts by target, uses several edge groups) are accepted as long as every edge
// lives in group 0, which is what a point-neuron connectome has.
#include <algorithm>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata.hpp"

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

// The node count of one side: index table rows, else nodes.h5 next to the file, else max id + 1.
index_t node_count(const h5::File& f, hid_t g, const std::string& index_name, const std::string& population,
                   const std::vector<index_t>& ids) {
    const std::string table = "indices/" + index_name + "/node_id_to_ranges";
    if (f.exists(g, "indices") && H5Lexists(g, ("indices/" + index_name).c_str(), H5P_DEFAULT) > 0 &&
        H5Lexists(g, table.c_str(), H5P_DEFAULT) > 0) {
        const auto dims = f.dims(g, table);
        if (!dims.empty()) return static_cast<index_t>(dims[0]);
    }
    H5Eclear2(H5E_DEFAULT);
    const fs::path nodes = fs::path(f.path()).parent_path() / "nodes.h5";
    std::error_code ec;
    if (fs::exists(nodes, ec)) {
        h5::File nf = h5::File::open_read(nodes.string());
        const std::string group = "nodes/" + population;
        if (H5Lexists(nf.id(), "nodes", H5P_DEFAULT) > 0 && H5Lexists(nf.id(), group.c_str(), H5P_DEFAULT) > 0) {
            const h5::Handle pg = nf.open_group(nf.id(), group);
            if (nf.exists(pg.get(), "node_type_id")) return static_cast<index_t>(nf.dims(pg.get(), "node_type_id").at(0));
        }
        H5Eclear2(H5E_DEFAULT);
    }
    index_t max = 0;
    for (index_t v : ids) max = std::max(max, v + 1);
    return max;
}

}  // namespace

std::vector<std::string> sonata_edge_populations(const fs::path& edges_h5) {
    const h5::QuietErrors quiet;
    const h5::File f = h5::File::open_read(edges_h5.string());
    if (!f.exists(f.id(), "edges")) throw file_error(f.path(), "group /edges", "missing: not a SONATA edges file");
    const h5::Handle edges = f.open_group(f.id(), "edges");
    return f.children(edges.get(), "group /edges");   // H5_INDEX_NAME order
}

SonataEdges read_sonata_projection(const fs::path& edges_h5, const std::string& projection) {
    const h5::QuietErrors quiet;
    const h5::File f = h5::File::open_read(edges_h5.string());
    const std::string where = "/edges/" + projection;
    if (!f.exists(f.id(), "edges") || H5Lexists(f.id(), ("edges/" + projection).c_str(), H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw file_error(f.path(), "group " + where, "missing");
    }
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

    if (!f.exists(g.get(), "0")) throw file_error(f.path(), where + "/0", "missing: no edge group 0");
    const h5::Handle group0 = f.open_group(g.get(), "0");
    std::vector<std::uint64_t> group_index(n);
    std::iota(group_index.begin(), group_index.end(), 0);
    if (f.exists(g.get(), "edge_group_index")) group_index = f.read<std::uint64_t>(g.get(), "edge_group_index");
    if (f.exists(g.get(), "edge_group_id")) {
        const auto ids = f.read<std::uint32_t>(g.get(), "edge_group_id");
        for (std::size_t k = 0; k < ids.size(); ++k)
            if (ids[k] != 0) throw file_error(f.path(), where + "/edge_group_id, row " + std::to_string(k), "only edge group 0 is supported");
    }
    if (group_index.size() != n) throw file_error(f.path(), where + "/edge_group_index", "length differs from source_node_id");
    std::vector<float> column[2];
    const char* names[2] = {"syn_weight", "delay"};
    for (int c = 0; c < 2; ++c) {
        if (!f.exists(group0.get(), names[c])) throw file_error(f.path(), where + "/0/" + names[c], "missing");
        const auto values = f.read<float>(group0.get(), names[c]);
        column[c].resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            if (group_index[k] >= values.size())
                throw file_error(f.path(), where + "/edge_group_index, row " + std::to_string(k), "points past the end of 0/" + std::string(names[c]));
            column[c][k] = values[group_index[k]];
        }
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
        c.weight[k] = column[0][e];
        c.delay[k] = column[1][e];
    }
    return out;
}

connect::Connectome read_sonata_edges(const fs::path& edges_h5, const std::string& projection) {
    return read_sonata_projection(edges_h5, projection).connectome;
}

}  // namespace neurowire::io
