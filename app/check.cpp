#include "app/check.hpp"

#include <system_error>

#include "core/error.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

bool has_config(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "circuit_config.json", ec) || fs::is_regular_file(dir / "simulation_config.json", ec);
}

}  // namespace

CheckResult check(const CheckOptions& options) {
    CheckResult r;
    std::error_code ec;
    if (has_config(options.dir)) r.folder = options.dir;
    else if (has_config(options.dir / "sonata")) r.folder = options.dir / "sonata";   // what `connect` writes
    else if (!fs::is_directory(options.dir, ec))
        throw file_error(options.dir.string(), "", "no such folder");
    else
        throw file_error(options.dir.string(), "",
                         "holds no circuit_config.json or simulation_config.json (nor does sonata/ in it): not a SONATA folder");
    const auto& readers = options.readers.empty() ? io::all_sonata_readers() : options.readers;
    r.findings = io::check_sonata(r.folder, readers);
    for (const auto& f : r.findings) (f.severity == io::finding_severity::error ? r.errors : r.warnings)++;
    std::string names;
    for (auto reader : readers) names += (names.empty() ? "" : ", ") + std::string(io::sonata_reader_name(reader));
    r.text = io::format_sonata_findings(r.findings);
    r.text += r.folder.string() + ": " + std::to_string(r.errors) + (r.errors == 1 ? " error, " : " errors, ") +
              std::to_string(r.warnings) + (r.warnings == 1 ? " warning" : " warnings") + " for " + names +
              (r.errors == 0 ? " (passed)" : " (failed)") + "\n";
    return r;
}

}  // namespace neurowire::app
