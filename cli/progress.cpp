#include "cli/progress.hpp"

#include <cstdio>

#include <sys/resource.h>
#include <unistd.h>

namespace neurowire::cli {

Progress::Progress(bool enabled, double delay_s)
    : enabled_(enabled && ::isatty(STDERR_FILENO)), delay_s_(delay_s), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { finish(); }

double Progress::elapsed_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::size_t done, std::size_t total, const std::string& text) {
    if (!enabled_ || elapsed_s() < delay_s_) return;
    constexpr int width = 30;
    const int filled = total == 0 ? width : static_cast<int>(width * done / total);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %s", bar.c_str(), done, total, text.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }
}

double peak_rss_mib() {
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0.0;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;   // Linux reports KiB
}

std::string with_commas(std::uint64_t n) {
    // Built back to front: GCC 12 warns (-Wrestrict, a false positive) on string::insert here.
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string seconds_text(double s) {
    char buffer[32];
    if (s < 1.0) std::snprintf(buffer, sizeof buffer, "%.1f ms", s * 1e3);
    else std::snprintf(buffer, sizeof buffer, "%.2f s", s);
    return buffer;
}

}  // namespace neurowire::cli
