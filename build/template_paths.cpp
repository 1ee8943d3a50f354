#include "build/template_paths.hpp"

#include <cstdlib>
#include <mutex>
#include <system_error>

#include "core/error.hpp"

#ifndef NEUROWIRE_TEMPLATE_DIR
#define NEUROWIRE_TEMPLATE_DIR ""
#endif
#ifndef NEUROWIRE_INSTALLED_TEMPLATE_DIR
#define NEUROWIRE_INSTALLED_TEMPLATE_DIR ""
#endif

namespace neurowire::build {
namespace fs = std::filesystem;

namespace {

bool is_existing_dir(const fs::path& p) {
    std::error_code ec;
    return !p.empty() && fs::is_directory(p, ec);
}

void add_unique(std::vector<fs::path>& dirs, const fs::path& p) {
    if (!is_existing_dir(p)) return;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(p, ec);
    const fs::path& key = ec ? p : canonical;
    for (const auto& d : dirs)
        if (d == key) return;
    dirs.push_back(key);
}

std::string list_directories(const std::vector<fs::path>& dirs) {
    if (dirs.empty()) return "no template directory exists";
    std::string out = "searched ";
    for (std::size_t i = 0; i < dirs.size(); ++i) out += (i ? ", " : "") + dirs[i].string();
    return out;
}

std::mutex registered_mutex;
std::vector<fs::path>& registered() {
    static std::vector<fs::path> dirs;
    return dirs;
}

}  // namespace

bool register_template_directory(const fs::path& dir) {
    std::lock_guard<std::mutex> lock(registered_mutex);
    registered().push_back(dir);
    return true;
}

std::vector<fs::path> template_directories() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("NEUROWIRE_TEMPLATES")) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            add_unique(dirs, fs::path(std::string(rest.substr(0, colon))));
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    // An installed or relocated binary finds the templates shipped next to it before the tree it
    // was built from, which may since have changed or gone.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) add_unique(dirs, exe.parent_path().parent_path() / "share" / "neurowire" / "templates");
    {
        std::lock_guard<std::mutex> lock(registered_mutex);
        for (const auto& d : registered()) add_unique(dirs, d);
    }
    add_unique(dirs, fs::path(NEUROWIRE_TEMPLATE_DIR));
    add_unique(dirs, fs::path(NEUROWIRE_INSTALLED_TEMPLATE_DIR));
    return dirs;
}

bool is_path_reference(std::string_view ref) {
    return ref.find(':') != std::string_view::npos || ref.find('/') != std::string_view::npos;
}

TemplateRef resolve_template(std::string_view ref, const fs::path& relative_to, const std::string& key_path) {
    const std::string text(ref);
    if (is_path_reference(ref)) {
        const auto colon = ref.rfind(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == ref.size())
            throw config_error(key_path, "a template reference 'path/to/file.yaml:name'", "'" + text + "'");
        fs::path file(std::string(ref.substr(0, colon)));
        if (file.is_relative() && !relative_to.empty()) file = relative_to / file;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
            throw config_error(key_path, "an existing template file", "'" + file.string() + "' (no such file)");
        return {file, std::string(ref.substr(colon + 1))};
    }
    const auto dot = ref.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == ref.size())
        throw config_error(key_path, "a dotted template name such as 'spiking_neurons.lif.lif' or 'file.yaml:name'",
                           "'" + text + "'");
    std::string relative(ref.substr(0, dot));
    for (char& c : relative)
        if (c == '.') c = '/';
    const auto dirs = template_directories();
    for (const auto& dir : dirs) {
        for (const char* ext : {".yaml", ".yml"}) {
            const fs::path file = dir / (relative + ext);
            std::error_code ec;
            if (fs::is_regular_file(file, ec)) return {file, std::string(ref.substr(dot + 1))};
        }
    }
    throw config_error(key_path, "a template in the library (" + list_directories(dirs) + ")",
                       "'" + text + "' (no file " + relative + ".yaml)");
}

}  // namespace neurowire::build
