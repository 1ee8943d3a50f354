#pragma once
// PNG plots through gnuplot (an external program, so no plotting library enters the build): the
// data goes to a temporary file, a generated script draws it, and the PNG is renamed into place
// only when gnuplot succeeds. Without gnuplot every function throws neurowire::error saying so.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace neurowire::io {

namespace fs = std::filesystem;

struct PlotStyle {
    std::string title;
    std::string xlabel;
    std::string ylabel;
    int width = 900;    // pixels
    int height = 600;
    std::string gnuplot = "gnuplot";   // program name (looked up on PATH) or path
};

// Is `program` an executable gnuplot we can run?
bool gnuplot_available(const std::string& program = "gnuplot");

// Spike raster: one dot per (time, unit).
void plot_raster(const fs::path& png, const std::vector<double>& times, const std::vector<std::uint32_t>& units,
                 const PlotStyle& style);

struct Series {
    std::string label;
    std::vector<double> y;   // one value per time
};
struct TraceOptions {
    bool each = true;    // draw every series
    bool mean = false;   // draw the mean over series
    bool band = false;   // shade the min–max band over series
};
void plot_traces(const fs::path& png, const std::vector<double>& t, const std::vector<Series>& series,
                 const PlotStyle& style, const TraceOptions& options = {});

// Histogram with `bins` equal bins between the smallest and the largest value.
void plot_histogram(const fs::path& png, const std::vector<double>& values, std::size_t bins, const PlotStyle& style);

struct XYSeries {
    std::string label;
    std::vector<double> x;
    std::vector<double> y;
};
// Lines with points on log-log axes (benchmark scaling plots); values ≤ 0 are skipped by gnuplot.
void plot_loglog(const fs::path& png, const std::vector<XYSeries>& lines, const PlotStyle& style);

}  // namespace neurowire::io
