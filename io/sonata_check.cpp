// The SONATA checker: the configs as each reader reads them, then the files they name
// (sonata_check_files.cpp).
#include "io/sonata_check.hpp"

#include <algorithm>
#include <fstream>

#include "core/error.hpp"
#include "io/sonata_check_detail.hpp"
#include "io/sonata_check_paths.hpp"

namespace neurowire::io {

const std::vector<sonata_reader>& all_sonata_readers() {
    static const std::vector<sonata_reader> all = {sonata_reader::nest, sonata_reader::bmtk, sonata_reader::libsonata,
                                                   sonata_reader::pynn};
    return all;
}

const char* sonata_reader_name(sonata_reader r) {
    switch (r) {
    case sonata_reader::nest: return "nest";
    case sonata_reader::bmtk: return "bmtk";
    case sonata_reader::libsonata: return "libsonata";
    case sonata_reader::pynn: return "pynn";
    }
    return "?";
}

sonata_reader sonata_reader_from_name(const std::string& name) {
    for (auto r : all_sonata_readers())
        if (name == sonata_reader_name(r)) return r;
    throw config_error("--for", "one of nest, bmtk, libsonata, pynn", "'" + name + "'");
}

namespace check {

bool Report::wants(R r) const { return std::find(readers_.begin(), readers_.end(), r) != readers_.end(); }

void Report::add(std::initializer_list<R> who, finding_severity s, const fs::path& file, const std::string& where,
                 const std::string& what) {
    for (R r : who) {
        if (!wants(r)) continue;
        SonataFinding f{r, s, rel(dir_, file), where, what};
        const bool seen = std::any_of(out_.begin(), out_.end(), [&](const SonataFinding& g) {
            return g.reader == f.reader && g.severity == f.severity && g.file == f.file && g.location == f.location &&
                   g.requirement == f.requirement;
        });
        if (!seen) out_.push_back(std::move(f));
    }
}

std::string rel(const fs::path& dir, const fs::path& file) {
    if (file.empty()) return "";
    const fs::path r = file.lexically_normal().lexically_relative(dir.lexically_normal());
    return !r.empty() && r.native().rfind("..", 0) != 0 ? r.generic_string() : file.generic_string();
}

namespace {

struct Config {
    fs::path file;
    std::optional<json::Value> root;
};

// `needed_by` start from the file; `read_by` read it when it is there.
Config load(Report& r, const fs::path& file, std::initializer_list<R> needed_by, std::initializer_list<R> read_by) {
    Config c{file, std::nullopt};
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        r.error(needed_by, file, "", "missing: the config this reader starts from");
        return c;
    }
    try {
        c.root = json::parse_file(file);
        if (!c.root->is_object()) {
            r.error(read_by, file, "", "a JSON object is needed, found " + std::string(json::kind_name(c.root->kind)));
            c.root.reset();
        }
    } catch (const file_error& e) {
        r.error(read_by, file, e.where, "not valid JSON: " + e.problem);
    }
    return c;
}

const json::Value* at(const json::Value& v, std::initializer_list<const char*> path) {
    const json::Value* cur = &v;
    for (const char* k : path) {
        if (!cur->is_object()) return nullptr;
        cur = cur->find(k);
        if (!cur) return nullptr;
    }
    return cur;
}

// The network entries and components of one reader's config, resolved its way.
void check_paths(Report& r, R reader, const Config& c, bool needs_synaptic_dir) {
    if (!c.root) return;
    std::optional<ManifestResolver> resolver;
    try {
        resolver.emplace(reader, *c.root, c.file);
    } catch (const std::runtime_error& e) {
        r.error({reader}, c.file, "manifest", e.what());
        return;
    }
    const auto check_one = [&](const std::string& where, const json::Value* v, bool directory) {
        if (!v) return;
        if (!v->is_string()) {
            r.error({reader}, c.file, where, "a path string is needed, found " + std::string(json::kind_name(v->kind)));
            return;
        }
        const Resolved p = resolver->resolve(v->string);
        std::error_code ec;
        if (!p.path) {
            r.error({reader}, c.file, where, "cannot be resolved: " + p.problem);
        } else if (p.cwd_relative) {
            const bool there = directory ? fs::is_directory(c.file.parent_path() / *p.path, ec)
                                         : fs::is_regular_file(c.file.parent_path() / *p.path, ec);
            r.warning({reader}, c.file, where,
                      "\"" + v->string + "\" resolves to " + p.path->generic_string() +
                          ", relative to the working directory, not the config's folder: load from the folder" +
                          (there ? "" : " (and it is not there either)"));
        } else if (directory ? !fs::is_directory(*p.path, ec) : !fs::is_regular_file(*p.path, ec)) {
            r.error({reader}, c.file, where,
                    "\"" + v->string + "\" resolves to " + p.path->generic_string() + ", which is not " +
                        (directory ? "a folder" : "a file"));
        }
    };
    for (const char* kind : {"nodes", "edges"}) {
        const json::Value* list = at(*c.root, {"networks", kind});
        if (!list || !list->is_array()) continue;
        for (std::size_t i = 0; i < list->array.size(); ++i) {
            const auto& e = list->array[i];
            const std::string base = std::string("networks.") + kind + "[" + std::to_string(i) + "].";
            const std::string h5 = std::string(kind) + "_file";
            const std::string csv = std::string(kind == std::string("nodes") ? "node" : "edge") + "_types_file";
            check_one(base + h5, e.find(h5), false);
            check_one(base + csv, e.find(csv), false);
        }
    }
    const json::Value* comps = c.root->find("components");
    if (comps && comps->is_object()) {
        check_one("components.point_neuron_models_dir", comps->find("point_neuron_models_dir"), true);
        if (needs_synaptic_dir) check_one("components.synaptic_models_dir", comps->find("synaptic_models_dir"), true);
    }
    if (reader == R::bmtk) {
        const json::Value* out = at(*c.root, {"output", "output_dir"});
        if (out && out->is_string()) {
            const Resolved p = resolver->resolve(out->string);
            const fs::path folder = c.file.parent_path().lexically_normal();
            if (p.path && !p.cwd_relative) {
                const fs::path o = p.path->lexically_normal();
                const fs::path back = folder.lexically_relative(o);
                if (o == folder || (!back.empty() && back.native().rfind("..", 0) != 0))
                    r.error({reader}, c.file, "output.output_dir",
                            "resolves to " + o.generic_string() +
                                ", which holds the network: pointnet deletes its output folder before a run");
            } else if (p.path) {
                r.error({reader}, c.file, "output.output_dir",
                        "\"" + out->string + "\" resolves relative to the working directory, which pointnet deletes before a run");
            }
        }
    }
}

NetworkEntry entry_of(Report& r, const Config& c, const std::string& kind, std::size_t i, const json::Value& e) {
    NetworkEntry n;
    n.kind = kind;
    n.index = i;
    n.config = c.file;
    const std::string h5 = kind + "_file";
    const std::string csv = std::string(kind == "nodes" ? "node" : "edge") + "_types_file";
    // The files as on disk: libsonata's resolution is the one that follows the config's folder.
    ManifestResolver files(R::libsonata, *c.root, c.file);
    std::error_code ec;
    for (const auto& [key, out] : {std::pair{h5, &n.h5}, std::pair{csv, &n.csv}}) {
        const json::Value* v = e.find(key);
        if (!v || !v->is_string()) {
            r.error(everyone, c.file, "networks." + kind + "[" + std::to_string(i) + "]." + key, "missing");
            continue;
        }
        const Resolved p = files.resolve(v->string);
        if (p.path && fs::is_regular_file(*p.path, ec)) *out = *p.path;
        else if (fs::is_regular_file(c.file.parent_path() / fs::path(v->string).filename(), ec))
            *out = c.file.parent_path() / fs::path(v->string).filename();
    }
    if (const json::Value* pops = e.find("populations"); pops && pops->is_object()) {
        n.has_populations_block = true;
        for (const auto& [name, _] : pops->object) n.listed_populations.push_back(name);
    }
    return n;
}

// Does an edge types table name dynamics_params (then NEST and BMTK need synaptic_models_dir)?
bool any_edge_dynamics(const std::vector<NetworkEntry>& entries);

}  // namespace

}  // namespace check

std::vector<SonataFinding> check_sonata(const std::filesystem::path& dir_in, const std::vector<sonata_reader>& readers) {
    using namespace check;
    const fs::path dir = fs::absolute(dir_in).lexically_normal();
    Report r(dir, readers);
    const Config circuit = load(r, dir / "circuit_config.json", {nest, libsonata, pynn}, {nest, libsonata, pynn, bmtk});
    const Config sim = load(r, dir / "simulation_config.json", {bmtk}, {bmtk, nest, libsonata});
    const Config& bmtk_config = sim.root ? sim : circuit;
    const Config& network_config = circuit.root ? circuit : sim;

    std::vector<NetworkEntry> entries;
    if (network_config.root) {
        for (const char* kind : {"nodes", "edges"}) {
            const json::Value* list = at(*network_config.root, {"networks", kind});
            if (!list || !list->is_array() || list->array.empty()) {
                r.error(everyone, network_config.file, std::string("networks.") + kind,
                        list ? "a non-empty list of file entries is needed" : "missing");
                continue;
            }
            for (std::size_t i = 0; i < list->array.size(); ++i)
                entries.push_back(entry_of(r, network_config, kind, i, list->array[i]));
        }
    }
    const bool synaptic = any_edge_dynamics(entries);

    // Config keys, reader by reader.
    if (circuit.root) {
        if (!circuit.root->find("manifest")) r.error({nest, pynn}, circuit.file, "manifest", "missing (the reader looks the key up unconditionally)");
        check_paths(r, nest, circuit, synaptic);
        check_paths(r, libsonata, circuit, synaptic);
        check_paths(r, pynn, circuit, synaptic);
    }
    if (sim.root) {
        if (!sim.root->find("manifest")) r.error({nest}, sim.file, "manifest", "missing (SonataNetwork looks the key up unconditionally)");
        check_paths(r, nest, sim, synaptic);
    }
    check_paths(r, bmtk, bmtk_config, synaptic);

    // NEST reads circuit_config.json with simulation_config.json as sim_config (keys of the second win).
    const auto nest_key = [&](std::initializer_list<const char*> path) -> std::pair<const json::Value*, fs::path> {
        if (sim.root)
            if (const json::Value* v = at(*sim.root, path)) return {v, sim.file};
        if (circuit.root)
            if (const json::Value* v = at(*circuit.root, path)) return {v, circuit.file};
        return {nullptr, sim.root ? sim.file : circuit.file};
    };
    Context ctx;
    {
        const auto [ts, file] = nest_key({"target_simulator"});
        if (!ts || !ts->is_string() || ts->string != "NEST")
            r.error({nest}, file, "target_simulator", std::string("must be \"NEST\", found ") + (ts ? (ts->is_string() ? "\"" + ts->string + "\"" : std::string(json::kind_name(ts->kind))) : "nothing"));
        if (!ts || !ts->is_string() || (ts->string != "NEST" && ts->string != "PyNN"))
            r.warning({pynn}, file, "target_simulator", "not \"PyNN\" or \"NEST\": PyNN warns and guesses the cell types");
        const auto [dt, dt_file] = nest_key({"run", "dt"});
        if (!dt || !dt->is_number() || !(dt->number > 0)) r.error({nest}, dt_file, "run.dt", "a positive time step in ms is needed to build the network");
        else ctx.dt_ms = dt->number;
        const auto [tstop, t_file] = nest_key({"run", "tstop"});
        const auto [duration, d_file] = nest_key({"run", "duration"});
        if (!(tstop && tstop->is_number()) && !(duration && duration->is_number()))
            r.error({nest}, t_file, "run.tstop", "run.tstop or run.duration is needed to simulate");
    }
    if (bmtk_config.root) {
        const json::Value* tstop = at(*bmtk_config.root, {"run", "tstop"});
        if (!tstop || !tstop->is_number() || tstop->number < 0)
            r.error({bmtk}, bmtk_config.file, "run.tstop", "a number >= 0 is needed (BMTK's config schema)");
        const json::Value* out = at(*bmtk_config.root, {"output", "output_dir"});
        if (!out)
            r.error({bmtk}, bmtk_config.file, "output.output_dir",
                    "missing: pointnet then uses the working directory as its output folder and deletes what is in it");
    }
    if (sim.root) {
        for (const char* key : {"tstop", "dt", "random_seed"}) {
            const json::Value* v = at(*sim.root, {"run", key});
            if (!v || !v->is_number())
                r.error({libsonata}, sim.file, std::string("run.") + key, "a number is needed by libsonata's SimulationConfig");
        }
    } else {
        r.warning({libsonata}, dir / "simulation_config.json", "", "missing: libsonata's SimulationConfig has nothing to read");
    }
    {
        // Components: NEST needs point_neuron_models_dir; both NEST and BMTK need the models they name.
        const auto [pnm, pnm_file] = nest_key({"components", "point_neuron_models_dir"});
        if (!pnm) r.error({nest}, pnm_file, "components.point_neuron_models_dir", "missing: NEST looks up every node type's dynamics_params there");
        const auto [snm, snm_file] = nest_key({"components", "synaptic_models_dir"});
        if (!snm && synaptic) r.error({nest}, snm_file, "components.synaptic_models_dir", "missing, and the edge types name dynamics_params");
        if (bmtk_config.root && synaptic && !at(*bmtk_config.root, {"components", "synaptic_models_dir"}))
            r.error({bmtk}, bmtk_config.file, "components.synaptic_models_dir", "missing, and the edge types name dynamics_params");
        // Where the files are, for the dynamics_params checks.
        if (network_config.root) {
            ManifestResolver files(R::libsonata, *network_config.root, network_config.file);
            std::error_code ec;
            for (const auto& [key, out] : {std::pair{"point_neuron_models_dir", &ctx.point_models_dir},
                                           std::pair{"synaptic_models_dir", &ctx.synaptic_models_dir}}) {
                const json::Value* v = at(*network_config.root, {"components", key});
                if (!v || !v->is_string()) continue;
                const Resolved p = files.resolve(v->string);
                if (p.path && fs::is_directory(*p.path, ec)) *out = *p.path;
            }
        }
    }

    for (const auto& e : entries)
        if (e.kind == "nodes") check_nodes_entry(r, e, ctx);
    for (const auto& e : entries)
        if (e.kind == "edges") check_edges_entry(r, e, ctx);
    return r.take();
}

namespace check {
namespace {
bool any_edge_dynamics(const std::vector<NetworkEntry>& entries) {
    for (const auto& e : entries) {
        if (e.kind != "edges" || e.csv.empty()) continue;
        std::ifstream in(e.csv);
        std::string header;
        std::getline(in, header);
        if (header.find("dynamics_params") != std::string::npos) return true;
    }
    return false;
}
}  // namespace
}  // namespace check

std::string format_sonata_findings(const std::vector<SonataFinding>& findings) {
    std::string out;
    std::vector<bool> done(findings.size(), false);
    for (std::size_t i = 0; i < findings.size(); ++i) {
        if (done[i]) continue;
        const auto& f = findings[i];
        std::string readers;
        for (std::size_t j = i; j < findings.size(); ++j) {
            const auto& g = findings[j];
            if (done[j] || g.severity != f.severity || g.file != f.file || g.location != f.location || g.requirement != f.requirement)
                continue;
            readers += (readers.empty() ? "" : ", ") + std::string(sonata_reader_name(g.reader));
            done[j] = true;
        }
        out += std::string(f.severity == finding_severity::error ? "error" : "warning") + " [" + readers + "] " +
               (f.file.empty() ? "" : f.file) + (f.location.empty() ? "" : (f.file.empty() ? "" : " ") + f.location) + ": " +
               f.requirement + "\n";
    }
    return out;
}

bool has_sonata_errors(const std::vector<SonataFinding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const SonataFinding& f) { return f.severity == finding_severity::error; });
}

}  // namespace neurowire::io
