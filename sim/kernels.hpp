#pragma once
// Native kernels, part 3: which populations of a program run a compiled kernel, and a report of
// what happened. Generation is in sim/native_kernel.hpp, compiling and caching in
// sim/kernel_cache.hpp.
//
// A population runs natively when it integrates with Euler, its program can be generated (every
// opcode and operand is reproduced exactly) and the library compiles and loads. Everything else
// stays interpreted, with the reason in the report. Populations with the same structure (E and I
// of one template) share one library.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "sim/kernel_cache.hpp"
#include "sim/native_kernel.hpp"
#include "sim/program.hpp"

namespace neurowire::sim {

enum class kernel_mode : std::uint8_t {
    automatic,     // native where possible, the interpreter elsewhere; NEUROWIRE_KERNELS may override
    native,        // every dynamic population native, else kernel_error
    interpreted,   // the interpreter only
};

// kernel_mode::native could not be honoured.
struct kernel_error : error {
    std::string population, reason;
    kernel_error(std::string population_, std::string reason_)
        : error("native kernel for population '" + population_ + "' unavailable: " + reason_),
          population(std::move(population_)), reason(std::move(reason_)) {}
};

struct PopulationKernel {
    std::string population;
    bool native = false;
    bool cached = false;        // its library came from the cache
    std::string reason;         // why it is interpreted; empty when native
};

struct KernelReport {
    kernel_mode mode = kernel_mode::automatic;   // as applied, after NEUROWIRE_KERNELS
    std::vector<PopulationKernel> populations;   // populations with equations, program order
    std::uint32_t libraries_compiled = 0;        // compiled for this program
    std::uint32_t libraries_cached = 0;          // found in the cache
    double seconds = 0.0;                        // generating, compiling and loading

    std::uint32_t native_count() const;
    // One line: "native kernels: 2 of 2 populations (1 library compiled, 0.41 s)",
    // "native kernels: 2 of 2 populations (cached)", or "interpreted (why)".
    std::string summary() const;
};

// `requested`, unless it is automatic and $NEUROWIRE_KERNELS names a mode (automatic, native,
// interpreted). Any other value of the variable is a config_error.
kernel_mode effective_kernel_mode(kernel_mode requested);

struct NativeKernels {
    std::vector<euler_kernel_fn> kernels;   // per population; nullptr: interpreted
    std::vector<KernelLibrary> libraries;   // keep the kernels loaded
    KernelReport report;
};

// Call after the populations' scalar code has run. `uniform_arrays` (per population; may be
// empty) are the arrays generate_euler_kernel may read as one value. Throws kernel_error in
// native mode.
NativeKernels prepare_kernels(const Program& program, kernel_mode requested,
                              const std::vector<std::vector<std::uint32_t>>& uniform_arrays = {});

}  // namespace neurowire::sim
