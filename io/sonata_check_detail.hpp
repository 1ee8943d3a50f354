#pragma once
// Shared by the SONATA checker's files (internal to io/).
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/sonata_check.hpp"
#include "io/hdf5_util.hpp"
#include "io/sonata_json.hpp"
#include "io/sonata_types.hpp"

namespace neurowire::io::check {

namespace fs = std::filesystem;

using R = sonata_reader;
constexpr auto nest = sonata_reader::nest;
constexpr auto bmtk = sonata_reader::bmtk;
constexpr auto libsonata = sonata_reader::libsonata;
constexpr auto pynn = sonata_reader::pynn;
inline const std::initializer_list<R> everyone = {nest, bmtk, libsonata, pynn};

class Report {
public:
    Report(fs::path dir, const std::vector<R>& readers) : dir_(std::move(dir)), readers_(readers) {}
    void error(std::initializer_list<R> who, const fs::path& file, const std::string& where, const std::string& what) {
        add(who, finding_severity::error, file, where, what);
    }
    void warning(std::initializer_list<R> who, const fs::path& file, const std::string& where, const std::string& what) {
        add(who, finding_severity::warning, file, where, what);
    }
    bool wants(R r) const;
    std::vector<SonataFinding> take() { return std::move(out_); }
    const fs::path& dir() const { return dir_; }

private:
    void add(std::initializer_list<R> who, finding_severity s, const fs::path& file, const std::string& where,
             const std::string& what);
    fs::path dir_;
    std::vector<R> readers_;
    std::vector<SonataFinding> out_;
};

// A network file entry of a config, with its paths as each reader resolves them.
struct Resolved {
    std::optional<fs::path> path;   // nullopt: the reader cannot resolve it
    bool cwd_relative = false;      // the reader opens it relative to the working directory
    std::string problem;            // why not resolved
};

struct NetworkEntry {
    std::string kind;    // "nodes" or "edges"
    std::size_t index = 0;
    fs::path config;     // the config that names the files
    fs::path h5;         // as found on disk (resolved against the folder), empty if not found
    fs::path csv;
    std::vector<std::string> listed_populations;   // the entry's populations block
    bool has_populations_block = false;
};

struct Context {
    double dt_ms = 0.0;                // NEST's run.dt, 0 if none
    fs::path point_models_dir;         // components, as found on disk (empty if none)
    fs::path synaptic_models_dir;
    std::map<std::string, unsigned long long> node_population_sizes;   // over every nodes file
};

// sonata_check_files.cpp, sonata_check_edges.cpp
void check_nodes_entry(Report& r, const NetworkEntry& e, Context& ctx);
void check_edges_entry(Report& r, const NetworkEntry& e, const Context& ctx);

// Helpers shared by the two.
bool is_digits(const std::string& s);
std::optional<TypesTable> read_table(Report& r, const fs::path& file, const std::string& kind);
bool integer_dataset(Report& r, const h5::File& f, hid_t g, const std::string& name, const std::string& where,
                     std::initializer_list<R> who);
void root_attributes(Report& r, const h5::File& f);
std::vector<std::uint64_t> read_ids(const h5::File& f, hid_t g, const std::string& name);

std::string rel(const fs::path& dir, const fs::path& file);

}  // namespace neurowire::io::check
