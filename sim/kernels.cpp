#include "sim/kernels.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace neurowire::sim {

std::uint32_t KernelReport::native_count() const {
    std::uint32_t n = 0;
    for (const auto& p : populations) n += p.native ? 1 : 0;
    return n;
}

std::string KernelReport::summary() const {
    const std::uint32_t native = native_count();
    if (native == 0) {
        if (populations.empty()) return "interpreted (no population with equations)";
        // The first reason speaks for all when they agree, which is the common case.
        std::string why = populations.front().reason;
        for (const auto& p : populations)
            if (p.reason != why) {
                why = populations.front().population + ": " + why + "; …";
                break;
            }
        return "interpreted (" + why + ")";
    }
    char seconds_text[32];
    std::snprintf(seconds_text, sizeof seconds_text, "%.2f s", seconds);
    std::string s = "native kernels: " + std::to_string(native) + " of " + std::to_string(populations.size()) +
                    " populations (";
    if (libraries_compiled == 0) {
        s += "cached";
    } else {
        s += std::to_string(libraries_compiled) + (libraries_compiled == 1 ? " library" : " libraries") +
             " compiled, " + seconds_text;
        if (libraries_cached > 0) s += ", " + std::to_string(libraries_cached) + " cached";
    }
    s += ")";
    for (const auto& p : populations)
        if (!p.native) s += "; " + p.population + " interpreted (" + p.reason + ")";
    return s;
}

kernel_mode effective_kernel_mode(kernel_mode requested) {
    if (requested != kernel_mode::automatic) return requested;
    const char* v = std::getenv("NEUROWIRE_KERNELS");
    if (!v || !*v) return requested;
    const std::string value = v;
    if (value == "automatic") return kernel_mode::automatic;
    if (value == "native") return kernel_mode::native;
    if (value == "interpreted") return kernel_mode::interpreted;
    throw config_error("NEUROWIRE_KERNELS", "automatic, native or interpreted", value);
}

NativeKernels prepare_kernels(const Program& program, kernel_mode requested,
                              const std::vector<std::vector<std::uint32_t>>& uniform_arrays) {
    static const std::vector<std::uint32_t> none;
    const auto start = std::chrono::steady_clock::now();
    NativeKernels out;
    out.report.mode = effective_kernel_mode(requested);
    out.kernels.assign(program.populations.size(), nullptr);
    // One library per distinct source: populations of one template share it.
    struct Loaded {
        euler_kernel_fn fn = nullptr;
        bool cached = false;
        std::string error;
    };
    std::map<std::string, Loaded> by_source;
    for (std::size_t p = 0; p < program.populations.size(); ++p) {
        const PopulationProgram& pop = program.populations[p];
        if (pop.function != node_function::none) continue;
        PopulationKernel entry{pop.name, false, false, {}};
        if (out.report.mode == kernel_mode::interpreted) {
            entry.reason = requested == kernel_mode::interpreted ? "requested" : "NEUROWIRE_KERNELS=interpreted";
        } else if (program.method == solver::heun || program.method == solver::rk4) {
            entry.reason = program.method == solver::heun ? "the heun solver runs interpreted" : "the rk4 solver runs interpreted";
        } else if (KernelSource src = generate_euler_kernel(pop, p < uniform_arrays.size() ? uniform_arrays[p] : none);
                   !src.unsupported.empty()) {
            entry.reason = "not generated: " + src.unsupported;
        } else {
            auto it = by_source.find(src.text);
            if (it == by_source.end()) {
                KernelLoad load = KernelCache::load(src.text);
                euler_kernel_fn fn = nullptr;
                if (load.library) {
                    fn = reinterpret_cast<euler_kernel_fn>(load.library.symbol(euler_kernel_symbol));
                    if (!fn) load.error = std::string("the library has no symbol ") + euler_kernel_symbol;
                }
                if (fn) {
                    out.libraries.push_back(load.library);
                    ++(load.cached ? out.report.libraries_cached : out.report.libraries_compiled);
                }
                it = by_source.emplace(src.text, Loaded{fn, load.cached, fn ? std::string() : load.error}).first;
            }
            const Loaded& loaded = it->second;
            if (loaded.fn) {
                out.kernels[p] = loaded.fn;
                entry.native = true;
                entry.cached = loaded.cached;
            } else {
                entry.reason = loaded.error;
            }
        }
        if (!entry.native && out.report.mode == kernel_mode::native) throw kernel_error(entry.population, entry.reason);
        out.report.populations.push_back(std::move(entry));
    }
    out.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace neurowire::sim
