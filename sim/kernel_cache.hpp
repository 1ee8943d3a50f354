#pragma once
// Native kernels, part 2: which compiler, flags and cache directory build the generated C++.
// Compiling, caching and loading the shared library is platform work
// (core/platform/library_cache.hpp); this is the engine's policy for it.
//
// The cache directory is
//   $NEUROWIRE_KERNEL_CACHE, else $XDG_CACHE_HOME/neurowire/kernels, else
//   $HOME/.cache/neurowire/kernels, else <temp dir>/neurowire-kernels-<uid>.
//
// The compiler is the one CMake built neurowire with, or $NEUROWIRE_CXX (GCC and Clang work); the
// flags are
//   -O3 -march=native -mprefer-vector-width=512 -ffp-contract=off -fno-math-errno
//   -fno-trapping-math -fPIC -shared
// No -ffast-math and no contraction: every operation rounds as in the interpreter. math-errno
// only decides whether sqrt sets errno, trapping-math whether FP exceptions may be observed; neither
// changes a value. 512-bit vectors where the CPU has them: the kernels are wide, regular loops.
#include <string>

#include "core/platform/library_cache.hpp"

namespace neurowire::sim {

using KernelLibrary = platform::SharedLibrary;
using KernelLoad = platform::LibraryLoad;

class KernelCache {
public:
    // The directory described above, created if missing (empty if none can be created).
    static std::string directory();
    // The compiler that will be run: $NEUROWIRE_CXX, else CMake's C++ compiler.
    static std::string compiler();
    static const char* flags();
    // Compiles (or finds) and loads `source`. Never throws for a compile failure: `error` says why.
    static KernelLoad load(const std::string& source);
};

}  // namespace neurowire::sim
