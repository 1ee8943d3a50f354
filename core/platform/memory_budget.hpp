#pragma once
// One memory budget for every command: large allocations are estimated first and refused with
// neurowire::memory_error (what was asked, the estimate, the budget) instead of ending in a bare
// "out of memory" or the kernel's OOM killer. The budget is --memory-limit when given, otherwise
// what this process can still get: the machine's MemAvailable, capped by the address-space limit
// (ulimit -v) and the cgroup's memory.max, less what the process already has.
#include <string>
#include <vector>

namespace neurowire::platform {

// Bytes this process can still allocate now; +inf when nothing limits it or nothing is readable.
double free_memory_bytes();

// The process-wide --memory-limit in bytes; 0 means none (the budget is free_memory_bytes()).
void set_memory_limit(double bytes);
double memory_limit();

// Sets the process-wide limit for one command and restores the previous one when it ends.
class MemoryLimitScope {
public:
    explicit MemoryLimitScope(double bytes);   // 0: keep the current limit
    ~MemoryLimitScope();
    MemoryLimitScope(const MemoryLimitScope&) = delete;
    MemoryLimitScope& operator=(const MemoryLimitScope&) = delete;

private:
    double previous_;
};

// This process's resident set (VmRSS), in bytes.
double resident_bytes();

// What a new request may take: with a limit (`limit` when > 0, else the process-wide one) that
// limit less what the process already holds, never more than free_memory_bytes(); without one,
// free_memory_bytes().
double memory_budget(double limit = 0.0);

// Throws neurowire::memory_error when `estimate_bytes` exceeds memory_budget(limit).
void check_memory(const std::string& what_for, double estimate_bytes, double limit = 0.0);

// A request made of several parts (a simulation's states, delay rings, recordings …): the refusal
// lists the parts, largest first.
struct MemoryPart {
    std::string what;
    double bytes = 0.0;
};
double total_bytes(const std::vector<MemoryPart>& parts);
void check_memory(const std::string& what_for, const std::vector<MemoryPart>& parts, double limit = 0.0);

// "512M", "4G", "1.5GiB", "800000000" → bytes (K, M, G, T are powers of 1024; a trailing B or iB
// is allowed). config_error naming `key` for anything else, or a size of zero.
double parse_memory_size(const std::string& text, const std::string& key = "--memory-limit");

// "512 MiB", "3.2 GiB": a byte count for messages.
std::string bytes_text(double bytes);

}  // namespace neurowire::platform
