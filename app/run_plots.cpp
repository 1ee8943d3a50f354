// The PNGs of `neurowire run`: rasters of every unit with the population rate below, per-unit
// rates (a bar per unit for a few, a histogram for many), and traces. Times are labelled in the
// network's time unit, rates in Hz for physical time and per time unit otherwise.
#include <algorithm>
#include <cmath>

#include "app/run.hpp"
#include "core/error.hpp"
#include "io/plot.hpp"

namespace neurowire::app {

using namespace build;   // the network types this module fills in

namespace {

// gnuplot draws every point it is given: beyond this many spikes a raster keeps an even sample.
constexpr std::size_t max_raster_points = 100'000;
constexpr std::size_t max_bars = 40;            // rates: a bar per unit up to this many units
constexpr std::size_t rate_bins = 200;          // population rate: bins over the run

struct Units {
    std::string time_label;   // "t (ms)"
    std::string rate_name;    // "Hz" or "spikes per time unit"
    double seconds = 1.0;     // per time unit (1 for none: rates per time unit)
    bool seconds_known = true;
};

std::string ordinal(std::size_t k) {
    const std::size_t last = k % 10, two = k % 100;
    const char* suffix = (two >= 11 && two <= 13) ? "th" : last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
    return std::to_string(k) + suffix;
}

std::string commas(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

// `recorded` units (all of the population unless the spec listed some), over `t_end`.
void raster(const fs::path& png, const sim::SpikeTrain& sp, index_t size, index_t recorded, double t_end,
            double dt, const Units& u) {
    // Every k-th spike in time order: an even thinning over units and time alike.
    const std::size_t n = sp.times.size();
    const std::size_t every = n > max_raster_points ? (n + max_raster_points - 1) / max_raster_points : 1;
    std::vector<double> times;
    std::vector<std::uint32_t> units;
    for (std::size_t i = 0; i < n; i += every) times.push_back(sp.times[i]), units.push_back(sp.units[i]);

    io::RasterPanel panel;
    panel.n_units = size;
    panel.t_end = t_end;
    const std::size_t bins = std::max<std::size_t>(1, std::min<std::size_t>(rate_bins, static_cast<std::size_t>(std::llround(t_end / dt))));
    const double width = t_end / static_cast<double>(bins);
    std::vector<double> counts(bins, 0.0);
    for (double t : sp.times) counts[std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, t - 0.5 * dt) / width))] += 1.0;
    for (std::size_t b = 0; b < bins; ++b) {
        panel.rate_t.push_back(static_cast<double>(b) * width);
        panel.rate.push_back(counts[b] / (static_cast<double>(std::max<index_t>(recorded, 1)) * width * u.seconds));
    }
    panel.rate_t.push_back(t_end);   // the last step's end, so `steps` draws the last bin
    panel.rate.push_back(panel.rate.back());
    panel.rate_label = u.seconds_known ? "population rate (Hz)" : "rate (1/time unit)";

    io::PlotStyle style;
    style.title = sp.population;
    style.title += ": spikes of ";
    style.title += recorded == size ? "all " + commas(size) + " units" : commas(recorded) + " of " + commas(size) + " units";
    if (n == 0) style.title += ": no spikes";
    if (every > 1) {
        style.title += ", every ";
        style.title += ordinal(every);
        style.title += " spike drawn (" + commas(times.size()) + " of " + commas(n) + ")";
    }
    style.xlabel = u.time_label;
    style.ylabel = "unit";
    style.height = 700;
    io::plot_raster_with_rate(png, times, units, panel, style);
}

// `listed`: the recorded units when the spec named some (empty: all of them).
void rates(const fs::path& png, const sim::SpikeTrain& sp, index_t size, const std::vector<index_t>& listed,
           double simulated, const Units& u) {
    const bool all_units = listed.empty();
    std::vector<double> all(size, 0.0);
    for (index_t unit : sp.units) all[unit] += 1.0;
    std::vector<double> counts;
    if (all_units) counts = all;
    else
        for (index_t unit : listed) counts.push_back(all[unit]);
    std::vector<double> per_unit(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) per_unit[i] = counts[i] / simulated;
    io::PlotStyle style;
    style.title = sp.population;
    if (all_units && size <= max_bars) {
        style.title += ": firing rate of each unit";
        style.xlabel = "unit";
        style.ylabel = "rate (" + u.rate_name + ")";
        io::plot_bars(png, per_unit, style);
        return;
    }
    // Rates are whole spike counts / simulated time: one bin per count while there are few
    // counts, or bins of several counts would alternately hold one and two of them.
    const auto [lo, hi] = std::minmax_element(counts.begin(), counts.end());
    const auto span = static_cast<std::size_t>(*hi - *lo);
    const std::size_t bins = span <= 100 ? std::max<std::size_t>(span, 1) : 50;
    style.title += ": firing rates of ";
    style.title += commas(counts.size());
    style.title += " units";
    style.xlabel = "rate (" + u.rate_name + ")";
    style.ylabel = "units";
    io::plot_histogram(png, per_unit, bins, style);
}

void traces(const fs::path& png, const sim::Trace& tr, const Units& u) {
    std::vector<double> t(tr.times.begin(), tr.times.end());
    std::vector<io::Series> series;
    for (arma::uword c = 0; c < tr.samples.n_cols; ++c) {
        const arma::vec column = tr.samples.col(c);
        std::string label = "mean";
        if (!tr.mean) label = "unit ", label += std::to_string(tr.units[c]);
        series.push_back({std::move(label), std::vector<double>(column.begin(), column.end())});
    }
    io::TraceOptions options;
    // Up to 16 units each in a colour of its own; for more, the band and mean with three units over them.
    options.each = series.size() <= io::trace_colours;
    options.mean = !options.each;
    options.band = !options.each;
    options.few = 3;
    io::PlotStyle style;
    style.title = tr.name;
    if (tr.mean) style.title += " (mean over ", style.title += commas(tr.units.size()), style.title += " units)";
    else if (!options.each)
        style.title += ": " + commas(series.size()) + " units, their mean and min-max band, units " + std::to_string(tr.units[0]) +
                       "-" + std::to_string(tr.units[2]) + " drawn";
    style.xlabel = u.time_label;
    style.ylabel = tr.name + " (model units)";
    io::plot_traces(png, t, series, style, options);
}

}  // namespace

std::vector<std::string> write_run_plots(const fs::path& dir, const sim::Recording& recording,
                                         const sim::Program& program, time_unit unit) {
    if (!io::gnuplot_available()) throw error("gnuplot was not found on PATH");
    std::vector<std::string> written;
    const std::optional<double> per = seconds_per(unit);
    Units u;
    u.time_label = per ? std::string("t (") + time_unit_name(unit) + ")" : std::string("t (time units)");
    u.rate_name = per ? "Hz" : "spikes per time unit";
    u.seconds = per.value_or(1.0);
    u.seconds_known = per.has_value();
    const double t_end = static_cast<double>(recording.steps_done) * recording.dt;
    for (std::size_t k = 0; k < recording.spikes.size(); ++k) {
        const sim::SpikeTrain& sp = recording.spikes[k];
        const index_t size = program.populations.at(sp.pop).size;
        const bool some = k < program.record.spike_units.size() && !program.record.spike_units[k].empty();
        const index_t recorded = some ? static_cast<index_t>(program.record.spike_units[k].size()) : size;
        raster(dir / ("raster_" + sp.population + ".png"), sp, size, recorded, t_end, recording.dt, u);
        written.push_back("raster_" + sp.population + ".png");
        if (t_end > 0.0 && size > 0) {
            rates(dir / ("rates_" + sp.population + ".png"), sp, size,
                  some ? program.record.spike_units[k] : std::vector<index_t>{}, t_end * u.seconds, u);
            written.push_back("rates_" + sp.population + ".png");
        }
    }
    for (const auto& tr : recording.traces) {
        if (tr.times.n_elem == 0 || tr.samples.n_cols == 0) continue;
        traces(dir / ("traces_" + tr.name + ".png"), tr, u);
        written.push_back("traces_" + tr.name + ".png");
    }
    return written;
}

}  // namespace neurowire::app
