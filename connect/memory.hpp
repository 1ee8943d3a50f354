#pragma once
// Refusing requests that cannot fit, before allocating; and buffers that are cheap to touch.
#include <atomic>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace neurowire::connect {

// What this process can still allocate (core/platform/memory_budget.hpp); +inf when unknown.
double available_memory_bytes();

// Throws neurowire::memory_error when `estimate_bytes` exceeds `limit_bytes` (or, when that is
// 0, the process-wide budget: --memory-limit or what the machine has free).
void check_memory(const std::string& what_for, double estimate_bytes, double limit_bytes);

// The budget check_memory() compares with: `limit_bytes` when > 0, else the process-wide one.
double platform_budget(double limit_bytes);

// Bytes of the edge table itself (source, target, weight, delay).
constexpr double bytes_per_edge = 16.0;

// Resizes a vector that is about to be filled, asking the kernel for huge pages first and
// touching the fresh pages from `threads` threads: first touch of fresh memory (the kernel
// zeroes every page) dominates the cost of large edge tables on these machines, and done by
// resize() alone it is serial. The touch writes one byte per page of the reserved storage;
// resize() then writes the zeros.
// With a `stop` flag (connect::Options::stop) large buffers are touched in slices, checking the
// flag between them (neurowire::interrupted): first touch is the longest step without a check.
void advise_huge_pages(void* data, std::size_t bytes);
void touch_pages(void* data, std::size_t bytes, int threads, const std::atomic<bool>* stop = nullptr);

template <class T>
void resize_for_filling(std::vector<T>& v, std::size_t n, int threads, const std::atomic<bool>* stop = nullptr) {
    static_assert(std::is_trivially_default_constructible_v<T>);
    v.clear();
    v.shrink_to_fit();
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
    touch_pages(v.data(), n * sizeof(T), threads, stop);
    v.resize(n);
}

}  // namespace neurowire::connect
