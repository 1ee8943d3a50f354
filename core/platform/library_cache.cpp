#include "core/platform/library_cache.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string_view>

#include "core/error.hpp"
#include "core/platform/atomic_file.hpp"
#include "core/platform/process.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace neurowire::platform {

namespace fs = std::filesystem;

namespace {

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

// The feature words of CPUID leaves 1 and 7, which differ between CPUs with different
// instruction sets and not between the cores of one machine.
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
    const auto file = find_executable(cxx);
    struct stat st{};
    if (!file || ::stat(file->c_str(), &st) != 0) return "missing";
    return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtime);
}

std::string cache_name(const std::string& source, const CompileCommand& command) {
    std::string key = source;
    std::vector<std::string> parts{command.compiler};
    parts.insert(parts.end(), command.flags.begin(), command.flags.end());
    parts.push_back(compiler_stamp(command.compiler));
    parts.push_back(cpu_identity());
    for (const std::string& part : parts) {
        key += '\0';
        key += part;
    }
    return hex(fnv1a(key, 0xcbf29ce484222325ull)) + hex(fnv1a(key, 0x84222325cbf29ce4ull));
}

// Runs the compiler without a shell; its output goes to `log`. Empty on success, else why not.
std::string run_compiler(const CompileCommand& command, const fs::path& source, const fs::path& library,
                         const fs::path& log) {
    std::vector<std::string> args{command.compiler};
    args.insert(args.end(), command.flags.begin(), command.flags.end());
    args.insert(args.end(), {"-x", "c++", source.string(), "-o", library.string()});
    const ProcessStatus status = run_process(args, log);
    if (!status.started) return "cannot run the compiler " + command.compiler + ": " + status.error;
    if (status.succeeded()) return {};
    const std::string why = status.describe(command.compiler);
    const std::string out = first_lines(log, 3);
    return out.empty() ? why : why + ": " + out;
}

// Sources that failed to compile, by cache name, for the life of the process: a broken or
// missing compiler costs one attempt, not one per caller.
class FailedCompiles {
public:
    const std::string* find(const std::string& name) {
        const std::lock_guard<std::mutex> lock(mutex_);
        const auto it = failed_.find(name);
        return it == failed_.end() ? nullptr : &it->second;
    }
    void add(const std::string& name, const std::string& why) {
        const std::lock_guard<std::mutex> lock(mutex_);
        failed_.emplace(name, why);
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> failed_;   // node-based: found strings stay valid
};

FailedCompiles& failed_compiles() {
    static FailedCompiles failed;
    return failed;
}

// Compiles `source` into `library` (atomically) and keeps the source beside it. Empty on
// success, else why not.
std::string compile_into_cache(const std::string& source, const CompileCommand& command, const fs::path& library) {
    fs::path kept_source = library;
    kept_source.replace_extension(".cpp");
    try {
        AtomicFile source_file(kept_source);
        {
            std::ofstream out(source_file.temp_path(), std::ios::binary | std::ios::trunc);
            out << source;
            out.flush();
            if (!out) return "cannot write " + kept_source.string();
        }
        AtomicFile library_file(library);
        fs::path log = library_file.temp_path();
        log += ".log";
        std::string error = run_compiler(command, source_file.temp_path(), library_file.temp_path(), log);
        std::error_code ec;
        fs::remove(log, ec);
        if (!error.empty()) return error;
        source_file.commit();
        library_file.commit();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

}  // namespace

SharedLibrary SharedLibrary::open(const fs::path& file, std::string& error) {
    SharedLibrary lib;
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* e = ::dlerror();
        error = "cannot load " + file.string() + ": " + (e ? e : "unknown error");
        return lib;
    }
    lib.handle_ = std::shared_ptr<void>(handle, [](void* p) { ::dlclose(p); });
    error.clear();
    return lib;
}

void* SharedLibrary::symbol(const char* name) const {
    return handle_ ? ::dlsym(handle_.get(), name) : nullptr;
}

LibraryLoad load_compiled_library(const std::string& source, const CompileCommand& command, const fs::path& directory) {
    const auto start = std::chrono::steady_clock::now();
    LibraryLoad result;
    auto finish = [&]() -> LibraryLoad& {
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    const std::string name = cache_name(source, command);
    const fs::path library = directory / (name + ".so");
    if (const std::string* why = failed_compiles().find(name)) {
        result.error = *why;
        return finish();
    }
    std::error_code ec;
    if (fs::exists(library, ec)) {
        result.library = SharedLibrary::open(library, result.error);
        if (result.library) {
            result.cached = true;
            return finish();
        }
        // A damaged file: compile afresh and rename over it.
    }
    if (std::string error = compile_into_cache(source, command, library); !error.empty()) {
        failed_compiles().add(name, error);
        result.error = std::move(error);
        return finish();
    }
    result.library = SharedLibrary::open(library, result.error);
    return finish();
}

fs::path first_writable_directory(const std::vector<fs::path>& candidates) {
    for (const auto& dir : candidates) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK | X_OK) == 0) return dir;
    }
    return {};
}

}  // namespace neurowire::platform
