#include "connect/memory.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"
#include "core/interrupt.hpp"

namespace neurowire::connect {

double available_memory_bytes() { return platform::free_memory_bytes(); }

void check_memory(const std::string& what_for, double estimate_bytes, double limit_bytes) {
    platform::check_memory(what_for, estimate_bytes, limit_bytes);
}

double platform_budget(double limit_bytes) { return platform::memory_budget(limit_bytes); }

void advise_huge_pages(void* data, std::size_t bytes) {
    constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
    if (bytes < 4 * huge) return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1);
    const std::uintptr_t last = (begin + bytes) & ~(huge - 1);
    // Only a hint: where transparent huge pages are off this simply fails and nothing changes.
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

void touch_pages(void* data, std::size_t bytes, int threads, const std::atomic<bool>* stop) {
    constexpr std::size_t page = 4096;
    constexpr std::size_t large = std::size_t{64} << 20;
    if (bytes < large || (threads < 2 && !stop)) return;   // small: not worth a parallel region
    auto* p = static_cast<unsigned char*>(data);
    const auto pages = static_cast<std::int64_t>(bytes / page);
    // 32 MB slices (about 0.1 s of first touch each) between checks of the stop flag.
    const std::int64_t slice = stop ? std::int64_t{8192} : pages;
    for (std::int64_t first = 0; first < pages; first += slice) {
        throw_if_stopped(stop);
        const std::int64_t last = std::min(pages, first + slice);
#pragma omp parallel for schedule(static) num_threads(threads)
        for (std::int64_t i = first; i < last; ++i) p[std::size_t(i) * page] = 0;
    }
}

}  // namespace neurowire::connect
