#include "sim/kernel_cache.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/platform/process.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string_view>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

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

std::string hex(std::uint64_t x) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(x));
    return buffer;
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
    for (const unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

// What -march=native compiles for: a library built on another machine (a shared home directory)
// must not be loaded here. The feature words of CPUID leaves 1 and 7, which differ between CPUs
// with different instruction sets and not between the cores of one machine.
std::string cpu_identity() {
#if defined(__x86_64__) || defined(__i386__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    std::string id = "x86";
    // Appended piecewise (GCC 12 warns falsely about `":" + std::string`).
    if (__get_cpuid(1, &a, &b, &c, &d)) id.append(":").append(hex(c)).append(hex(d));
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) id.append(":").append(hex(b)).append(hex(c)).append(hex(d));
    return id;
#else
    return "other";
#endif
}

// The compiler file's size and time, so that an upgraded compiler compiles afresh.
std::string compiler_stamp(const std::string& cxx) {
    const auto file = platform::find_executable(cxx);
    struct stat st{};
    if (!file || ::stat(file->c_str(), &st) != 0) return "missing";
    return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime);
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Runs the compiler without a shell; its output goes to `log`. Empty on success, else why not.
std::string run_compiler(const std::string& cxx, const fs::path& source, const fs::path& library,
                         const fs::path& log) {
    std::vector<std::string> args{cxx};
    for (auto& w : split_words(KernelCache::flags())) args.push_back(w);
    args.insert(args.end(), {"-x", "c++", source.string(), "-o", library.string()});
    const platform::ProcessStatus status = platform::run_process(args, log);
    if (!status.started) return "cannot run the compiler " + cxx + ": " + status.error;
    if (status.succeeded()) return {};
    const std::string why = status.describe(cxx);
    const std::string out = platform::first_lines(log, 3);
    return out.empty() ? why : why + ": " + out;
}

// A name no other process or thread uses at the same time.
std::string unique_suffix() {
    static std::atomic<unsigned> counter{0};
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++) + "." +
           hex(static_cast<std::uint64_t>(ticks)).substr(8);
}

}  // namespace

void* KernelLibrary::symbol(const char* name) const {
    return handle_ ? ::dlsym(handle_.get(), name) : nullptr;
}

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
    for (const auto& dir : candidates) {
        fs::create_directories(dir, ec);
        if (fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK | X_OK) == 0) return dir.string();
    }
    return {};
}

std::string KernelCache::compiler() {
    const std::string cxx = env("NEUROWIRE_CXX");
    return cxx.empty() ? std::string(NEUROWIRE_KERNEL_CXX) : cxx;
}

const char* KernelCache::flags() { return "-O3 -march=native -mprefer-vector-width=512 -ffp-contract=off -fno-math-errno -fno-trapping-math -fPIC -shared"; }

bool KernelCache::open(const std::string& file, KernelLoad& into) {
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* e = ::dlerror();
        into.error = "cannot load " + file + ": " + (e ? e : "unknown error");
        return false;
    }
    into.library.handle_ = std::shared_ptr<void>(handle, [](void* p) { ::dlclose(p); });
    into.error.clear();
    return true;
}

KernelLoad KernelCache::load(const std::string& source) {
    const auto start = std::chrono::steady_clock::now();
    KernelLoad result;
    auto finish = [&]() -> KernelLoad& {
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    const std::string dir = directory();
    if (dir.empty()) {
        result.error = "no writable directory for compiled kernels (set NEUROWIRE_KERNEL_CACHE)";
        return finish();
    }
    const std::string cxx = compiler();
    std::string key = source;
    for (const std::string& part : {cxx, std::string(flags()), compiler_stamp(cxx), cpu_identity()}) {
        key += '\0';
        key += part;
    }
    const std::string name = hex(fnv1a(key, 0xcbf29ce484222325ull)) + hex(fnv1a(key, 0x84222325cbf29ce4ull));
    const fs::path library = fs::path(dir) / (name + ".so");
    // A kernel that failed to compile fails again: remember it for the life of the process, so a
    // broken or missing compiler costs one attempt, not one per Simulator.
    static std::mutex failed_mutex;
    static std::map<std::string, std::string> failed;
    {
        const std::lock_guard<std::mutex> lock(failed_mutex);
        if (const auto it = failed.find(name); it != failed.end()) {
            result.error = it->second;
            return finish();
        }
    }
    auto fail = [&](std::string why) -> KernelLoad& {
        result.error = std::move(why);
        const std::lock_guard<std::mutex> lock(failed_mutex);
        failed.emplace(name, result.error);
        return finish();
    };

    std::error_code ec;
    if (fs::exists(library, ec)) {
        if (open(library.string(), result)) {
            result.cached = true;
            return finish();
        }
        // A damaged file: compile afresh and rename over it.
    }

    const std::string tmp = name + unique_suffix();
    const fs::path src = fs::path(dir) / (tmp + ".cpp"), out = fs::path(dir) / (tmp + ".so"),
                   log = fs::path(dir) / (tmp + ".log");
    {
        std::ofstream f(src, std::ios::binary);
        f << source;
        if (!f.flush()) {
            result.error = "cannot write " + src.string();
            fs::remove(src, ec);
            return finish();
        }
    }
    std::string error = run_compiler(cxx, src, out, log);
    fs::remove(log, ec);
    if (!error.empty()) {
        fs::remove(src, ec);
        fs::remove(out, ec);
        return fail(std::move(error));
    }
    fs::rename(src, fs::path(dir) / (name + ".cpp"), ec);
    if (ec) fs::remove(src, ec);
    fs::rename(out, library, ec);
    if (ec) {
        result.error = "cannot move the compiled kernel to " + library.string() + ": " + ec.message();
        fs::remove(out, ec);
        return finish();
    }
    open(library.string(), result);
    return finish();
}

}  // namespace neurowire::sim
