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

// A raster of `n_units` units (y from 0 to n−1, framed with half a unit to spare, integer ticks
// for up to 20 units, markers sized to the number of units) above the population rate over
// time (`rate_t`, `rate`: bin centres and values, drawn as steps), sharing the time axis.
struct RasterPanel {
    std::uint32_t n_units = 0;
    double t_end = 0.0;                       // the x range is [0, t_end]
    std::vector<double> rate_t, rate;
    std::string rate_label;                   // y label of the rate panel
};
void plot_raster_with_rate(const fs::path& png, const std::vector<double>& times, const std::vector<std::uint32_t>& units,
                           const RasterPanel& panel, const PlotStyle& style);

// One bar per labelled value (e.g. the rate of each of a few units), integer x ticks.
void plot_bars(const fs::path& png, const std::vector<double>& values, const PlotStyle& style);

struct Series {
    std::string label;
    std::vector<double> y;   // one value per time
    int colour = -1;         // index into the colours; -1: the series' own position
    bool in_key = true;      // false: drawn without an entry in the key (a group labelled once)
    int dash = 0;            // gnuplot dash type (0: the colour's default), so overlapping runs stay visible
};
struct TraceOptions {
    bool each = true;    // draw every series
    bool mean = false;   // draw the mean over series
    bool band = false;   // shade the min–max band over series
    std::size_t few = 0; // with `each` false: still draw the first `few` series, thin, over the band
};
// Series colours: 16 distinct ones; series 17 and on repeat them dashed.
inline constexpr std::size_t trace_colours = 16;
void plot_traces(const fs::path& png, const std::vector<double>& t, const std::vector<Series>& series,
                 const PlotStyle& style, const TraceOptions& options = {});

// Histogram with `bins` equal bins between the smallest and the largest value.
void plot_histogram(const fs::path& png, const std::vector<double>& values, std::size_t bins, const PlotStyle& style);

struct XYSeries {
    std::string label;
    std::vector<double> x;
    std::vector<double> y;
};
// Connectome figure: left, the positions of all source and target neurons (grey) with a few
// chosen sources (large markers) and their targets (small markers) in matching colours; right,
// the histogram of partner distances of all connections against the distribution the kernel
// gives (`expected`, a density over the same bins).
struct ConnectomePanel {
    std::vector<double> source_x, source_y, target_x, target_y;   // every neuron (2-D positions)
    // Per chosen source: its position and those of its targets.
    struct Group {
        double x = 0.0, y = 0.0;
        std::vector<double> tx, ty;
    };
    std::vector<Group> chosen;
    std::vector<double> bin_centres, observed, expected;            // densities over distance bins
    std::string expected_label;
};
void plot_connectome(const fs::path& png, const ConnectomePanel& panel, const PlotStyle& style);

// Lines with points on log-log axes (benchmark scaling plots); values ≤ 0 are skipped by gnuplot.
void plot_loglog(const fs::path& png, const std::vector<XYSeries>& lines, const PlotStyle& style);

}  // namespace neurowire::io
