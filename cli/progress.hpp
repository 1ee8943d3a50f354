#pragma once
// Progress on stderr (only on a terminal, never with --quiet) and the closing summary line.
#include <chrono>
#include <cstdint>
#include <string>

namespace neurowire::cli {

class Progress {
public:
    // Draws only if `enabled` and stderr is a terminal; waits `delay` before the first draw so
    // short runs print nothing.
    explicit Progress(bool enabled, double delay_s = 0.5);
    ~Progress();
    // "[3/5] e2i  1,234,567 synapses": done of total, with a bar.
    void update(std::size_t done, std::size_t total, const std::string& text);
    void finish();   // clears the line
    double elapsed_s() const;

private:
    bool enabled_;
    bool drawn_ = false;
    double delay_s_;
    std::chrono::steady_clock::time_point start_;
};

// Peak resident memory of this process in MiB (getrusage).
double peak_rss_mib();
// 1234567 → "1,234,567".
std::string with_commas(std::uint64_t n);
// 0.0123 → "12.3 ms", 3.2 → "3.20 s".
std::string seconds_text(double s);

}  // namespace neurowire::cli
