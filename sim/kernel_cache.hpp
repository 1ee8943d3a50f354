#pragma once
// Native kernels, part 2: compiling generated C++ into a shared library, caching it, loading it.
//
// The library is named by a hash of (source text, compiler, flags, the compiler file's size and
// time, the CPU's feature words — the code is built with -march=native) and kept in the cache
// directory:
//   $NEUROWIRE_KERNEL_CACHE, else $XDG_CACHE_HOME/neurowire/kernels, else
//   $HOME/.cache/neurowire/kernels, else <temp dir>/neurowire-kernels.
// A miss compiles into a temporary name inside that directory and renames it into place, so a
// concurrent process (ctest runs tests in parallel) sees either no library or a whole one; two
// processes compiling the same kernel at once both succeed, the last rename wins, the files are
// equal. The source is kept beside the library (<hash>.cpp) for whoever wants to read it.
//
// The compiler is the one CMake built neurowire with, or $NEUROWIRE_CXX (GCC and Clang work); the
// flags are
//   -O3 -march=native -mprefer-vector-width=512 -ffp-contract=off -fno-math-errno
//   -fno-trapping-math -fPIC -shared
// No -ffast-math and no contraction: every operation rounds as in the interpreter. math-errno
// only decides whether sqrt sets errno, trapping-math whether FP exceptions may be observed; neither
// changes a value. With AVX-512, 8-lane vectors were ~25 % faster than 4-lane ones on COBA here.
// A kernel that failed to compile is not tried again in the same process.
#include <memory>
#include <string>

namespace neurowire::sim {

// A loaded kernel library; dlclose on destruction of the last copy.
class KernelLibrary {
public:
    KernelLibrary() = default;
    void* symbol(const char* name) const;
    explicit operator bool() const { return handle_ != nullptr; }

private:
    friend class KernelCache;
    std::shared_ptr<void> handle_;
};

struct KernelLoad {
    KernelLibrary library;     // empty on failure
    bool cached = false;       // found in the cache, not compiled now
    double seconds = 0.0;      // compile and load time
    std::string error;         // why there is no library (compiler missing, compile error, …)
};

class KernelCache {
public:
    // The directory described above, created if missing (empty if none can be created).
    static std::string directory();
    // The compiler that will be run: $NEUROWIRE_CXX, else CMake's C++ compiler.
    static std::string compiler();
    static const char* flags();
    // Compiles (or finds) and loads `source`. Never throws for a compile failure: `error` says why.
    static KernelLoad load(const std::string& source);

private:
    static bool open(const std::string& file, KernelLoad& into);
};

}  // namespace neurowire::sim
