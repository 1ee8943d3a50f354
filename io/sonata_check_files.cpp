// The SONATA checker's nodes checks (nodes files and node types tables), and the helpers the
// edges checks share.
#include <algorithm>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata_check_detail.hpp"
#include "io/sonata_types.hpp"

namespace neurowire::io::check {

bool is_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The dialect: readers split on a single space (BMTK: pandas sep=' '; PyNN: csv delimiter ' ') or
// on runs of white space (NEST); a comma-separated file is one column to all of them.
std::optional<TypesTable> read_table(Report& r, const fs::path& file, const std::string& kind) {
    if (file.empty()) return std::nullopt;
    std::ifstream in(file);
    std::string line;
    std::size_t number = 0;
    bool reported_spacing = false;
    while (std::getline(in, line)) {
        ++number;
        if (number == 1 && line.find(',') != std::string::npos && line.find(' ') == std::string::npos) {
            r.error({nest, bmtk, pynn}, file, "line 1", "comma-separated; " + kind + " tables are separated by single spaces");
            return std::nullopt;
        }
        bool quoted = false, bad = false;
        for (std::size_t k = 0; k < line.size(); ++k) {
            if (line[k] == '"') quoted = !quoted;
            if (quoted) continue;
            if (line[k] == '\t' || (line[k] == ' ' && k + 1 < line.size() && line[k + 1] == ' ')) bad = true;
        }
        if (bad && !reported_spacing) {
            r.error({bmtk, pynn}, file, "line " + std::to_string(number),
                    "fields separated by tabs or several spaces; BMTK and PyNN split on each single space");
            reported_spacing = true;
        }
    }
    try {
        return read_types_table(file);
    } catch (const file_error& e) {
        r.error({nest, bmtk, pynn}, file, e.where, e.problem);
        return std::nullopt;
    }
}

bool integer_dataset(Report& r, const h5::File& f, hid_t g, const std::string& name, const std::string& where,
                     std::initializer_list<R> who) {
    if (!f.is_dataset(g, name)) return false;
    const auto info = f.type_info(g, name);
    if (info.cls != H5T_INTEGER) {
        r.error(who, f.path(), where + "/" + name, "must hold integers (found another type)");
        return false;
    }
    return true;
}

void root_attributes(Report& r, const h5::File& f) {
    if (!f.has_attribute(f.id(), "magic")) return;
    try {
        const auto magic = f.read_attribute_uints(f.id(), "magic", "/");
        if (magic.size() != 1 || magic[0] != 0x0A7A)
            r.error({pynn}, f.path(), "/ attribute magic", "must be 0x0A7A when present (PyNN: \"Invalid SONATA file\")");
    } catch (const file_error&) {
        r.error({pynn}, f.path(), "/ attribute magic", "must be the integer 0x0A7A when present");
    }
}

std::vector<std::uint64_t> read_ids(const h5::File& f, hid_t g, const std::string& name) { return f.read<std::uint64_t>(g, name); }

namespace {

// Model templates as each reader takes them: NEST strips "nest:"; BMTK's pointnet needs it;
// PyNN needs a prefix it knows. Edge model_template names a NEST synapse without prefix.
void node_types_rules(Report& r, const TypesTable& t, const std::set<std::uint64_t>& used, const Context& ctx) {
    for (const char* col : {"model_type", "model_template", "dynamics_params"}) {
        if (t.column(col) >= 0) continue;
        if (std::string(col) == "model_type") r.error({nest, bmtk, pynn}, t.file, std::string("column ") + col, "missing");
        else if (std::string(col) == "model_template") r.error({nest, pynn}, t.file, std::string("column ") + col, "missing");
        else r.error({nest}, t.file, std::string("column ") + col, "missing: NEST reads each node type's parameters from it");
    }
    const int mt = t.column("model_type"), tpl = t.column("model_template"), dp = t.column("dynamics_params");
    std::set<std::string> model_types;
    for (std::size_t row = 0; row < t.rows.size(); ++row) {
        const std::string where = "line " + std::to_string(t.lines[row]);
        const auto type = t.cell(row, mt);
        if (type) model_types.insert(*type);
        if (type && *type != "point_neuron" && *type != "point_process" && *type != "virtual")
            r.error({nest, pynn}, t.file, where + ", column model_type", "'" + *type + "': point networks use point_neuron, point_process or virtual");
        if (type && *type == "virtual") continue;
        if (const auto m = t.cell(row, tpl)) {
            const auto colon = m->find(':');
            const std::string prefix = colon == std::string::npos ? "" : m->substr(0, colon);
            if (!prefix.empty() && prefix != "nest")
                r.error({nest}, t.file, where + ", column model_template", "'" + *m + "': NEST takes nest:<model> or <model>");
            if (prefix != "nest")
                r.error({bmtk}, t.file, where + ", column model_template", "'" + *m + "': BMTK's pointnet takes nest:<model>");
            if (prefix != "nest" && prefix != "pynn" && prefix != "nrn" && prefix != "pyNN")
                r.error({pynn}, t.file, where + ", column model_template", "'" + *m + "': PyNN takes pynn:, nest: or nrn: prefixes");
            else if (prefix == "nest")
                r.warning({pynn}, t.file, where + ", column model_template",
                          "'" + *m + "': a NEST-native cell, which only pyNN.nest creates (native_cell_type); "
                          "other backends need pynn:<cell> (export with --target pynn)");
        } else if (tpl >= 0) {
            r.error({nest, pynn}, t.file, where + ", column model_template", "empty");
        }
        if (const auto d = t.cell(row, dp); d && !ctx.point_models_dir.empty()) {
            std::error_code ec;
            if (!fs::is_regular_file(ctx.point_models_dir / *d, ec))
                r.error({nest, bmtk}, t.file, where + ", column dynamics_params",
                        "'" + *d + "' is not in components.point_neuron_models_dir (" + ctx.point_models_dir.generic_string() + ")");
        }
    }
    if (model_types.size() > 1) r.error({nest}, t.file, "column model_type", "NEST takes one model type per node types file");
    for (auto id : used)
        if (t.row_of("node_type_id", id) < 0)
            r.error({nest, bmtk, pynn}, t.file, "column node_type_id", "no row for node_type_id " + std::to_string(id) + " used in the nodes file");
}

}  // namespace

void check_nodes_entry(Report& r, const NetworkEntry& e, Context& ctx) {
    const std::string entry = "networks.nodes[" + std::to_string(e.index) + "]";
    if (e.h5.empty()) {
        r.error(everyone, e.config, entry + ".nodes_file", "no such file");
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
    if (!f.is_group(f.id(), "nodes")) {
        r.error(everyone, e.h5, "/nodes", "missing: not a SONATA nodes file");
        return;
    }
    const auto table = read_table(r, e.csv, "node types");
    const h5::Handle nodes = f.open_group(f.id(), "nodes");
    std::set<std::uint64_t> used_types;
    for (const auto& pop : f.children(nodes.get(), "/nodes")) {
        const std::string where = "/nodes/" + pop;
        if (!f.is_group(nodes.get(), pop)) continue;
        const h5::Handle g = f.open_group(nodes.get(), pop);
        if (e.has_populations_block) {
            if (std::find(e.listed_populations.begin(), e.listed_populations.end(), pop) == e.listed_populations.end())
                r.error({libsonata}, r.dir() / "circuit_config.json", entry + ".populations",
                        "does not list node population '" + pop + "' (libsonata refuses a population without a type)");
        } else {
            r.error({libsonata}, r.dir() / "circuit_config.json", entry + ".populations",
                    "missing: libsonata needs {\"" + pop + "\": {\"type\": \"point_neuron\"}} for each node population");
        }
        if (!integer_dataset(r, f, g.get(), "node_type_id", where, everyone)) {
            if (!f.is_dataset(g.get(), "node_type_id")) r.error(everyone, e.h5, where + "/node_type_id", "missing");
            continue;
        }
        const auto types = read_ids(f, g.get(), "node_type_id");
        const std::size_t n = types.size();
        ctx.node_population_sizes[pop] = n;
        used_types.insert(types.begin(), types.end());
        if (!f.is_dataset(g.get(), "node_id"))
            r.error({bmtk, pynn}, e.h5, where + "/node_id", "missing (optional in SONATA, but BMTK and PyNN open it)");
        for (const char* name : {"node_id", "node_group_id", "node_group_index"}) {
            if (!f.is_dataset(g.get(), name)) {
                if (std::string(name) != "node_id") r.error({bmtk, pynn}, e.h5, where + "/" + name, "missing");
                continue;
            }
            if (!integer_dataset(r, f, g.get(), name, where, everyone)) continue;
            if (f.dims(g.get(), name).at(0) != n)
                r.error(everyone, e.h5, where + "/" + name, "length differs from node_type_id (" + std::to_string(n) + ")");
        }
        std::vector<std::string> groups;
        for (const auto& child : f.children(g.get(), where))
            if (is_digits(child) && f.is_group(g.get(), child)) groups.push_back(child);
        if (groups.empty()) r.error({libsonata, bmtk, pynn}, e.h5, where + "/0", "missing: every population needs node group 0");
        else if (groups.size() > 1 || groups[0] != "0")
            r.error({libsonata}, e.h5, where, std::to_string(groups.size()) + " node groups; libsonata reads exactly one, named 0");
        if (f.is_dataset(g.get(), "node_group_id") && f.type_info(g.get(), "node_group_id").cls == H5T_INTEGER) {
            std::set<std::uint64_t> ids;
            for (auto v : read_ids(f, g.get(), "node_group_id")) ids.insert(v);
            for (auto id : ids)
                if (std::find(groups.begin(), groups.end(), std::to_string(id)) == groups.end())
                    r.error({bmtk, pynn}, e.h5, where + "/node_group_id", "names group " + std::to_string(id) + ", which does not exist");
        }
    }
    if (table) {
        if (table->column("node_type_id") < 0) r.error(everyone, e.csv, "column node_type_id", "missing");
        else node_types_rules(r, *table, used_types, ctx);
    }
}

}  // namespace neurowire::io::check
