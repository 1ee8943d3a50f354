// The PNGs of `neurowire run`. gnuplot draws every point it is given, so a raster of a large
// network shows the spikes of its first units only (enough to see the dynamics; positions are
// random, so the first units are an unbiased sample) and says so in its title.
#include <algorithm>

#include "app/run.hpp"
#include "core/error.hpp"
#include "io/plot.hpp"

namespace neurowire::app {

using namespace build;   // the network types this module fills in

namespace {

constexpr std::size_t max_raster_points = 50'000;
constexpr std::size_t max_traces_drawn = 10;   // beyond this only the mean and the band

void raster(const fs::path& png, const sim::SpikeTrain& sp, index_t size) {
    index_t shown = size;
    if (sp.times.size() > max_raster_points && size > 0)
        shown = std::max<index_t>(1, static_cast<index_t>(static_cast<double>(size) * max_raster_points /
                                                          static_cast<double>(sp.times.size())));
    std::vector<double> times;
    std::vector<std::uint32_t> units;
    for (std::size_t i = 0; i < sp.times.size(); ++i)
        if (sp.units[i] < shown) times.push_back(sp.times[i]), units.push_back(sp.units[i]);
    io::PlotStyle style;
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "literal" + string.
    style.title = sp.population;
    style.title += ": spikes";
    if (shown < size) {
        style.title += " of units 0-";
        style.title += std::to_string(shown - 1);
        style.title += " (of ";
        style.title += std::to_string(size);
        style.title += ")";
    }
    style.xlabel = std::string("t");  // not = "t": GCC 12 -Wrestrict false positive
    style.ylabel = "unit";
    io::plot_raster(png, times, units, style);
}

void rate_histogram(const fs::path& png, const sim::SpikeTrain& sp, index_t size, double simulated_s) {
    std::vector<double> counts(size, 0.0);
    for (index_t u : sp.units) counts[u] += 1.0;
    // Rates are whole spike counts / simulated time: one bin per count while there are few
    // counts, or bins of several counts would alternately hold one and two of them.
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    const auto span = static_cast<std::size_t>(*hi - *lo);
    const std::size_t bins = span <= 100 ? std::max<std::size_t>(span, 1) : 50;
    std::vector<double> rates(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) rates[i] = counts[i] / simulated_s;
    io::PlotStyle style;
    style.title = sp.population;
    style.title += ": firing rates of ";
    style.title += std::to_string(size);
    style.title += " units";
    style.xlabel = "rate (Hz, time unit ms)";
    style.ylabel = "units";
    io::plot_histogram(png, rates, bins, style);
}

void traces(const fs::path& png, const sim::Trace& tr) {
    std::vector<double> t(tr.times.begin(), tr.times.end());
    std::vector<io::Series> series;
    for (arma::uword c = 0; c < tr.samples.n_cols; ++c) {
        const arma::vec column = tr.samples.col(c);
        std::string label = "mean";
        if (!tr.mean) label = "unit ", label += std::to_string(tr.units[c]);
        series.push_back({std::move(label), std::vector<double>(column.begin(), column.end())});
    }
    io::TraceOptions options;
    options.each = series.size() <= max_traces_drawn;
    options.mean = series.size() > 1;
    options.band = series.size() > 1;
    io::PlotStyle style;
    style.title = tr.name;
    if (tr.mean) style.title += " (mean over ", style.title += std::to_string(tr.units.size()), style.title += " units)";
    else if (series.size() > 1) style.title += ": units, mean and min-max band";
    style.xlabel = std::string("t");  // not = "t": GCC 12 -Wrestrict false positive
    style.ylabel = tr.name;
    io::plot_traces(png, t, series, style, options);
}

}  // namespace

std::vector<std::string> write_run_plots(const fs::path& dir, const sim::Recording& recording,
                                         const sim::Program& program) {
    if (!io::gnuplot_available()) throw error("gnuplot was not found on PATH");
    std::vector<std::string> written;
    const double simulated_s = static_cast<double>(recording.steps_done) * recording.dt * 1e-3;
    for (const auto& sp : recording.spikes) {
        const index_t size = program.populations.at(sp.pop).size;
        raster(dir / ("raster_" + sp.population + ".png"), sp, size);
        written.push_back("raster_" + sp.population + ".png");
        if (simulated_s > 0.0 && size > 0) {
            rate_histogram(dir / ("rates_" + sp.population + ".png"), sp, size, simulated_s);
            written.push_back("rates_" + sp.population + ".png");
        }
    }
    for (const auto& tr : recording.traces) {
        if (tr.times.n_elem == 0 || tr.samples.n_cols == 0) continue;
        traces(dir / ("traces_" + tr.name + ".png"), tr);
        written.push_back("traces_" + tr.name + ".png");
    }
    return written;
}

}  // namespace neurowire::app
