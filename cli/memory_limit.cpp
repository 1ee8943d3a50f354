// --memory-limit SIZE: the one memory budget of a command (core/platform/memory_budget.hpp).
#include "cli/commands.hpp"
#include "core/platform/memory_budget.hpp"

namespace neurowire::cli {

void add_memory_limit(CLI::App& sub, std::string& size) {
    sub.add_option("--memory-limit", size,
                   "Memory budget, e.g. 512M or 4G (default: what the machine has free); larger requests are "
                   "refused before anything is allocated")
        ->type_name("SIZE");
}

double memory_limit_bytes(const std::string& size) {
    return size.empty() ? 0.0 : platform::parse_memory_size(size, "--memory-limit");
}

}  // namespace neurowire::cli
