#pragma once
// Compiling C++ source into a shared library, caching it on disk and loading it: the platform
// half of native kernels (sim/ generates the source and decides the compiler and flags, see
// sim/kernel_cache.hpp).
//
// The library is named by a hash of (source text, compiler, flags, the compiler file's size and
// time, the CPU's feature words — code built with -march=native must not be loaded on another
// CPU, e.g. from a shared home directory). A miss compiles into a temporary name inside the cache
// directory and renames it into place (platform::AtomicFile), so a concurrent process sees either
// no library or a whole one; two processes compiling the same source at once both succeed, the
// last rename wins, the files are equal. The source is kept beside the library (<hash>.cpp) for
// whoever wants to read it. A source that failed to compile is not tried again in the same process.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace neurowire::platform {

// A loaded shared library; dlclose on destruction of the last copy.
class SharedLibrary {
public:
    SharedLibrary() = default;
    // Loads `file` (RTLD_NOW | RTLD_LOCAL); an empty library and `error` set on failure.
    static SharedLibrary open(const std::filesystem::path& file, std::string& error);
    void* symbol(const char* name) const;
    explicit operator bool() const { return handle_ != nullptr; }

private:
    std::shared_ptr<void> handle_;
};

struct LibraryLoad {
    SharedLibrary library;     // empty on failure
    bool cached = false;       // found in the cache, not compiled now
    double seconds = 0.0;      // compile and load time
    std::string error;         // why there is no library (compiler missing, compile error, …)
};

struct CompileCommand {
    std::string compiler;              // looked up on PATH unless it contains a '/'
    std::vector<std::string> flags;    // e.g. -O3 -fPIC -shared
};

// Finds `source` compiled with `command` in `directory`, or compiles it there, and loads it.
// Never throws for a compile failure: `error` says why.
LibraryLoad load_compiled_library(const std::string& source, const CompileCommand& command,
                                  const std::filesystem::path& directory);

// The first of `candidates` that exists or can be created and is writable; empty if none.
std::filesystem::path first_writable_directory(const std::vector<std::filesystem::path>& candidates);

}  // namespace neurowire::platform
