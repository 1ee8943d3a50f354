#pragma once
// A SONATA conformance check for point-neuron networks: what each reader (NEST's SonataNetwork,
// BMTK, libsonata, PyNN's pyNN.serialization.sonata) needs from a folder, and every place the
// folder does not give it. Each finding names the reader, the file, the dataset/column/key, and
// the requirement. docs/files.md lists the requirements.
#include <filesystem>
#include <string>
#include <vector>

namespace neurowire::io {

enum class sonata_reader { nest, bmtk, libsonata, pynn };

const std::vector<sonata_reader>& all_sonata_readers();
const char* sonata_reader_name(sonata_reader r);
// config_error("--for", "one of nest, bmtk, libsonata, pynn", name) for an unknown name.
sonata_reader sonata_reader_from_name(const std::string& name);

enum class finding_severity {
    error,     // the reader fails, or loads something else than the file holds
    warning,   // the reader works only under a condition (e.g. run from the folder) or uses a default
};

struct SonataFinding {
    sonata_reader reader;
    finding_severity severity = finding_severity::error;
    std::string file;          // relative to the folder when inside it
    std::string location;      // "/edges/p/source_node_id", "column model_template, line 3", "run.dt"
    std::string requirement;   // what the reader needs, and what was found
};

// Checks DIR: circuit_config.json (NEST, libsonata, PyNN), simulation_config.json (BMTK; NEST's
// sim_config) and every file they name. Never throws for a broken folder: every fault is a finding.
std::vector<SonataFinding> check_sonata(const std::filesystem::path& dir,
                                        const std::vector<sonata_reader>& readers = all_sonata_readers());

// One line per finding, readers that share a finding joined: "error [nest, bmtk] edges.h5
// /edges/p/source_node_id: ...". Empty for no findings.
std::string format_sonata_findings(const std::vector<SonataFinding>& findings);

bool has_sonata_errors(const std::vector<SonataFinding>& findings);

}  // namespace neurowire::io
