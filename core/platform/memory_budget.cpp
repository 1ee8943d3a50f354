#include "core/platform/memory_budget.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace neurowire::platform {

namespace {

std::atomic<double> process_limit{0.0};

// A "Key:   1234 kB" line of /proc/meminfo or /proc/self/status, in bytes; nullopt-like -1.
double proc_field_bytes(const char* file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) != 0) continue;
        std::istringstream fields(line.substr(key.size()));
        double kib = 0.0;
        if (fields >> kib) return kib * 1024.0;
    }
    return -1.0;
}

// One number in a cgroup v2 file ("max" or missing: -1).
double cgroup_number(const char* file) {
    std::ifstream in(file);
    std::string word;
    if (!(in >> word) || word == "max") return -1.0;
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    return end && *end == '\0' ? v : -1.0;
}

}  // namespace

double free_memory_bytes() {
    double free = HUGE_VAL;
    const double available = proc_field_bytes("/proc/meminfo", "MemAvailable:");
    if (available >= 0.0) free = available;
    // ulimit -v counts address space, mapped or not: what is left of it is an upper bound.
    rlimit as{};
    if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
        const double used = std::max(0.0, proc_field_bytes("/proc/self/status", "VmSize:"));
        free = std::min(free, std::max(0.0, double(as.rlim_cur) - used));
    }
    const double cg_max = cgroup_number("/sys/fs/cgroup/memory.max");
    if (cg_max >= 0.0) {
        const double cg_used = std::max(0.0, cgroup_number("/sys/fs/cgroup/memory.current"));
        free = std::min(free, std::max(0.0, cg_max - cg_used));
    }
    return free;
}

void set_memory_limit(double bytes) { process_limit.store(bytes > 0.0 ? bytes : 0.0); }
double memory_limit() { return process_limit.load(); }

MemoryLimitScope::MemoryLimitScope(double bytes) : previous_(memory_limit()) {
    if (bytes > 0.0) set_memory_limit(bytes);
}
MemoryLimitScope::~MemoryLimitScope() { set_memory_limit(previous_); }

double resident_bytes() { return std::max(0.0, proc_field_bytes("/proc/self/status", "VmRSS:")); }

namespace {
double explicit_limit(double limit) { return limit > 0.0 ? limit : memory_limit(); }
}  // namespace

double memory_budget(double limit) {
    const double free = free_memory_bytes();
    const double given = explicit_limit(limit);
    // A given limit bounds the whole process: what it already holds counts against it.
    return given > 0.0 ? std::min(free, std::max(0.0, given - resident_bytes())) : free;
}

void check_memory(const std::string& what_for, double estimate_bytes, double limit) {
    const double budget = memory_budget(limit);
    if (estimate_bytes <= budget) return;
    const double given = explicit_limit(limit);
    const std::string source = given > 0.0 && budget < free_memory_bytes()
        ? "memory limit " + bytes_text(given) + ", of which " + bytes_text(resident_bytes()) + " in use"
        : "what this process can still get from the machine; see --memory-limit";
    throw memory_error(what_for + " (" + source + ")", estimate_bytes, budget);
}

double total_bytes(const std::vector<MemoryPart>& parts) {
    double sum = 0.0;
    for (const auto& p : parts) sum += p.bytes;
    return sum;
}

void check_memory(const std::string& what_for, const std::vector<MemoryPart>& parts, double limit) {
    const double total = total_bytes(parts);
    if (total <= memory_budget(limit)) return;
    std::vector<MemoryPart> sorted = parts;
    std::sort(sorted.begin(), sorted.end(), [](const MemoryPart& a, const MemoryPart& b) { return a.bytes > b.bytes; });
    std::string listed;
    for (std::size_t i = 0; i < sorted.size() && i < 4; ++i) {
        if (sorted[i].bytes <= 0.0) break;
        listed += (listed.empty() ? "" : ", ") + sorted[i].what + " " + bytes_text(sorted[i].bytes);
    }
    check_memory(what_for + (listed.empty() ? "" : " [" + listed + "]"), total, limit);
}

double parse_memory_size(const std::string& text, const std::string& key) {
    const std::string allowed = "a size such as 512M, 4G or 1.5GiB (K, M, G, T: powers of 1024)";
    std::size_t pos = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &pos);
    } catch (const std::exception&) {
        throw config_error(key, allowed, "'" + text + "'");
    }
    std::string unit = text.substr(pos);
    for (char& ch : unit) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();
    if (unit.size() > 1 && unit.back() == 'I') unit.pop_back();
    double scale = 1.0;
    if (unit == "K") scale = 1024.0;
    else if (unit == "M") scale = 1024.0 * 1024.0;
    else if (unit == "G") scale = 1024.0 * 1024.0 * 1024.0;
    else if (unit == "T") scale = 1024.0 * 1024.0 * 1024.0 * 1024.0;
    else if (!unit.empty() && unit != "B") throw config_error(key, allowed, "'" + text + "'");
    const double bytes = value * scale;
    if (!std::isfinite(bytes) || !(bytes >= 1.0) || bytes > 1e18 || text.find_first_of(" \t") != std::string::npos)
        throw config_error(key, allowed + ", at least 1 byte", "'" + text + "'");
    return std::floor(bytes);
}

std::string bytes_text(double bytes) {
    char out[48];
    if (bytes >= 1024.0 * 1024.0 * 1024.0) std::snprintf(out, sizeof out, "%.2f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    else std::snprintf(out, sizeof out, "%.1f MiB", bytes / (1024.0 * 1024.0));
    return out;
}

}  // namespace neurowire::platform
