#include "sim/kernel_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

#ifndef NEUROWIRE_KERNEL_CXX
#define NEUROWIRE_KERNEL_CXX "c++"
#endif

namespace neurowire::sim {

namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string();
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

std::string KernelCache::directory() {
    std::vector<fs::path> candidates;
    if (const std::string d = env("NEUROWIRE_KERNEL_CACHE"); !d.empty()) {
        candidates.emplace_back(d);
    } else {
        if (const std::string x = env("XDG_CACHE_HOME"); !x.empty()) candidates.push_back(fs::path(x) / "neurowire" / "kernels");
        if (const std::string h = env("HOME"); !h.empty()) candidates.push_back(fs::path(h) / ".cache" / "neurowire" / "kernels");
    }
    std::error_code ec;
    candidates.push_back(fs::temp_directory_path(ec) / ("neurowire-kernels-" + std::to_string(::getuid())));
    return platform::first_writable_directory(candidates).string();
}

std::string KernelCache::compiler() {
    const std::string cxx = env("NEUROWIRE_CXX");
    return cxx.empty() ? std::string(NEUROWIRE_KERNEL_CXX) : cxx;
}

const char* KernelCache::flags() { return "-O3 -march=native -mprefer-vector-width=512 -ffp-contract=off -fno-math-errno -fno-trapping-math -fPIC -shared"; }

KernelLoad KernelCache::load(const std::string& source) {
    const std::string dir = directory();
    if (dir.empty()) {
        KernelLoad none;
        none.error = "no writable directory for compiled kernels (set NEUROWIRE_KERNEL_CACHE)";
        return none;
    }
    return platform::load_compiled_library(source, {compiler(), split_words(flags())}, dir);
}

}  // namespace neurowire::sim
