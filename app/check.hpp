#pragma once
// `neurowire check DIR [--for nest,bmtk,libsonata,pynn]`: the SONATA conformance check of
// io/sonata_check.hpp on a folder, as a library call.
#include <filesystem>
#include <string>
#include <vector>

#include "io/sonata_check.hpp"

namespace neurowire::app {

struct CheckOptions {
    std::filesystem::path dir;                 // a SONATA folder, or a folder holding sonata/
    std::vector<io::sonata_reader> readers;    // empty: all of them
};

struct CheckResult {
    std::filesystem::path folder;              // the SONATA folder checked
    std::vector<io::SonataFinding> findings;
    std::size_t errors = 0, warnings = 0;
    std::string text;                          // one line per finding, then a summary line

    bool passed() const { return errors == 0; }
};

// file_error when DIR holds neither circuit_config.json nor simulation_config.json, itself or in
// DIR/sonata (nothing to check, most likely a wrong path); every fault of a SONATA folder is a finding.
CheckResult check(const CheckOptions& options);

}  // namespace neurowire::app
