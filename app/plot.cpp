#include "app/plot.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "connect/kernels.hpp"
#include "connect/masks.hpp"
#include "core/error.hpp"
#include "io/npz.hpp"
#include "io/plot.hpp"
#include "sim/inputs.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/materialise.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_series = 64;                      // lines of an overlay
constexpr std::size_t max_input_samples = 4000;             // time points of an input figure
constexpr std::size_t all_query_neurons = 2000;             // kernel expectation: every one up to this many,
constexpr std::size_t max_query_neurons = 400;              // else this many, evenly spread
constexpr std::size_t distance_bins = 40;

void require_gnuplot() {
    if (!io::gnuplot_available()) throw error("gnuplot was not found on PATH (install gnuplot, e.g. Debian's gnuplot-nox)");
}

// "t (ms)" from the run's summary.txt ("time unit    ms (…)"), "t (time units)" without one.
std::string time_label_of(const fs::path& run) {
    std::ifstream in(run / "summary.txt");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("time unit    ", 0) == 0) {
            const std::string unit = line.substr(13, line.find(' ', 13) - 13);
            return unit == "none" ? "t (time units)" : "t (" + unit + ")";
        }
    return "t (time units)";
}

const io::Array* optional_array(const std::vector<io::NamedArray>& arrays, const std::string& name) {
    for (const auto& a : arrays)
        if (a.name == name) return &a.array;
    return nullptr;
}

}  // namespace

void plot_traces(const PlotTracesOptions& o) {
    require_gnuplot();
    if (o.runs.empty()) throw config_error("runs", "one or more run folders", "none");
    std::vector<double> t;
    std::vector<io::Series> series;
    std::string t_label;
    // Several runs of several units: a colour per run, the run named once in the key.
    for (std::size_t run_index = 0; run_index < o.runs.size(); ++run_index) {
        const fs::path& run = o.runs[run_index];
        const fs::path file = run / "recording.npz";
        const std::vector<io::NamedArray> arrays = io::read_npz(file);
        const io::Array* a = optional_array(arrays, o.variable);
        if (!a) {
            std::string have;
            for (const auto& x : arrays)
                if (x.array.shape.size() == 2) have += (have.empty() ? "" : ", ") + x.name;
            throw file_error(file.string(), o.variable, "no trace '" + o.variable + "' (traces: " + have + ")");
        }
        const io::Array* times = optional_array(arrays, o.variable + ".t");
        if (!times) times = &io::find_array(arrays, "t", file);
        const io::Array* units = optional_array(arrays, o.variable + ".units");
        const std::size_t rows = a->shape.at(0), cols = a->shape.size() > 1 ? a->shape[1] : 1;
        std::vector<double> run_t(times->size());
        for (std::size_t i = 0; i < run_t.size(); ++i) run_t[i] = times->value_at(i);
        if (series.empty()) t = run_t, t_label = time_label_of(run);
        else if (run_t != t)
            throw file_error(file.string(), o.variable + ".t", "sample times unlike those of " + o.runs.front().string() +
                                                                  " (run the specs with the same dt, duration and every)");
        std::vector<std::size_t> picked;
        if (o.unit) {
            std::size_t column = cols;
            for (std::size_t c = 0; c < cols; ++c)
                if ((units ? static_cast<std::size_t>(units->value_at(c)) : c) == *o.unit) column = c;
            if (column == cols)
                throw file_error(file.string(), o.variable, "no unit " + std::to_string(*o.unit) + " recorded (" +
                                                                std::to_string(cols) + " columns)");
            picked.push_back(column);
        } else {
            for (std::size_t c = 0; c < cols; ++c) picked.push_back(c);
        }
        const bool grouped = o.runs.size() > 1 && picked.size() > 1;
        for (const std::size_t c : picked) {
            if (series.size() == max_series) break;
            io::Series s;
            s.label = run.filename().string();
            if (s.label.empty()) s.label = run.parent_path().filename().string();
            // Runs after the first dashed and dotted: a later run does not hide an equal earlier one.
            if (o.runs.size() > 1) s.dash = 1 + static_cast<int>(run_index % 5);
            if (grouped) {
                s.colour = static_cast<int>(run_index);
                s.in_key = c == picked.front();
                s.label += " (" + std::to_string(picked.size()) + " units)";
            } else if (cols > 1) {
                s.label += " unit " + std::to_string(units ? static_cast<std::size_t>(units->value_at(c)) : c);
            }
            s.y.resize(rows);
            for (std::size_t r = 0; r < rows; ++r) s.y[r] = a->value_at(r * cols + c);
            series.push_back(std::move(s));
        }
    }
    io::PlotStyle style;
    style.title = o.variable + " of " + std::to_string(o.runs.size()) + " runs";
    if (o.unit) style.title += ", unit " + std::to_string(*o.unit);
    style.xlabel = t_label;
    style.ylabel = o.variable + " (model units)";
    style.width = 1000;
    io::plot_traces(o.out, t, series, style);
}

void plot_inputs(const PlotInputsOptions& o) {
    require_gnuplot();
    const build::Network net = spec::load_network(o.spec);
    const build::TimeUnitChoice unit = net.time_unit_used();
    const sim::Program program = net.compile();
    if (program.inputs.empty()) throw config_error(o.spec.string(), 0, 0, "inputs", "a network spec with inputs", "none");
    const std::uint64_t stride = std::max<std::uint64_t>(1, (program.steps + max_input_samples - 1) / max_input_samples);
    std::vector<double> t;
    for (std::uint64_t k = 0; k < program.steps; k += stride) t.push_back(static_cast<double>(k) * program.dt);
    std::vector<io::Series> series;
    for (std::uint32_t i = 0; i < program.inputs.size(); ++i) {
        const sim::Input& in = program.inputs[i];
        const sim::PopulationProgram& pop = program.populations[in.pop];
        const bool slot = std::find(pop.inputs.begin(), pop.inputs.end(), in.array) != pop.inputs.end();
        sim::InputDriver driver(in, i, pop.size, program.seed, program.dt, slot);
        // The listed units (a few), else unit 0 — every unit gets the same unless the input is a
        // file or Poisson, where the first three columns show the spread.
        std::vector<index_t> shown = in.units;
        if (shown.empty()) {
            const bool varies = in.kind == sim::input_kind::array || in.kind == sim::input_kind::poisson;
            for (index_t u = 0; u < std::min<index_t>(pop.size, varies ? 3 : 1); ++u) shown.push_back(u);
        }
        std::vector<double> buffer(pop.size, 0.0);
        const std::size_t first = series.size();
        for (const index_t u : shown) {
            if (series.size() == max_series) break;
            io::Series s;
            s.label = "inputs[" + std::to_string(i) + "] " + in.name + " unit " + std::to_string(u);
            if (in.units.empty() && in.kind != sim::input_kind::array && in.kind != sim::input_kind::poisson)
                s.label = "inputs[" + std::to_string(i) + "] " + in.name + " (all units)";
            series.push_back(std::move(s));
        }
        // Poisson events of the skipped steps land in the next sampled one: divided by the
        // stride, the plotted value is the mean over those steps.
        const double scale = in.kind == sim::input_kind::poisson ? 1.0 / static_cast<double>(stride) : 1.0;
        for (std::uint64_t k = 0; k < program.steps; k += stride) {
            std::fill(buffer.begin(), buffer.end(), 0.0);
            driver.apply(in, buffer.data(), k);
            for (std::size_t s = first; s < series.size(); ++s) series[s].y.push_back(scale * buffer[shown[s - first]]);
        }
    }
    io::PlotStyle style;
    style.title = "inputs of " + o.spec.filename().string();
    if (stride > 1) style.title += " (every " + std::to_string(stride) + "th step)";
    const std::string u = build::time_unit_name(unit.unit);
    style.xlabel = u == "none" ? "t (time units)" : "t (" + u + ")";
    style.ylabel = "input (model units)";
    style.width = 1000;
    io::plot_traces(o.out, t, series, style);
}

namespace {

struct Drawn {
    std::string name;
    const spatial::Positions* source = nullptr;
    const spatial::Positions* target = nullptr;
    std::vector<index_t> from, to;
    connect::Projection rule;
};

std::string kernel_text(const connect::Kernel& k) {
    char buffer[96];
    switch (k.kind) {
        case connect::kernel_kind::gaussian: std::snprintf(buffer, sizeof buffer, "gaussian, sigma %g", k.sigma); break;
        case connect::kernel_kind::exponential: std::snprintf(buffer, sizeof buffer, "exponential, lambda %g", k.lambda); break;
        case connect::kernel_kind::step: std::snprintf(buffer, sizeof buffer, "step, radius %g", k.radius); break;
        case connect::kernel_kind::linear: std::snprintf(buffer, sizeof buffer, "linear, radius %g", k.radius); break;
        default: std::snprintf(buffer, sizeof buffer, "no kernel"); break;
    }
    return buffer;
}

// The density of partner distances the rule gives: every query neuron (a source; a target for
// fixed_indegree) weighs each possible partner by kernel × mask; fixed-degree rules draw k of
// them in proportion (the weights normalised per neuron, times its k), the others accept each
// pair with p × weight. Averaged over an even sample of query neurons.
std::vector<double> expected_density(const Drawn& d, const std::vector<double>& edges_of_bins, double width) {
    using connect::rule_kind;
    const connect::Rule& r = d.rule.rule;
    const bool indegree = r.kind == rule_kind::fixed_indegree;
    const spatial::Positions& q = indegree ? *d.target : *d.source;
    const spatial::Positions& p = indegree ? *d.source : *d.target;
    const spatial::Extent& extent = d.target->extent;
    const connect::KernelFn kernel(d.rule.kernel);
    const connect::MaskFn mask(d.rule.mask);
    const std::size_t dims = std::min(q.dims(), p.dims());
    std::vector<double> density(edges_of_bins.size(), 0.0);
    const index_t n_query = q.size();
    const index_t samples = static_cast<index_t>(n_query <= all_query_neurons ? n_query : max_query_neurons);
    std::vector<double> row(edges_of_bins.size());
    std::vector<double> displacement(dims);
    for (index_t s = 0; s < samples; ++s) {
        const index_t i = static_cast<index_t>((static_cast<double>(s) + 0.5) * n_query / samples);
        std::fill(row.begin(), row.end(), 0.0);
        double total = 0.0;
        for (index_t j = 0; j < p.size(); ++j) {
            if (d.rule.same_population && i == j && !r.autapses) continue;
            const double* a = q.column(i);
            const double* b = p.column(j);
            double d2 = 0.0;
            for (std::size_t axis = 0; axis < dims; ++axis) {
                // target − source, minimum image on periodic axes
                double x = indegree ? a[axis] - b[axis] : b[axis] - a[axis];
                if (extent.is_periodic(axis)) x -= extent.side(axis) * std::round(x / extent.side(axis));
                displacement[axis] = x;
                d2 += x * x;
            }
            if (!mask.contains(displacement.data(), d2, dims)) continue;
            const double w = kernel(d2);
            const std::size_t bin = static_cast<std::size_t>(std::sqrt(d2) / width);
            if (bin < row.size()) row[bin] += w;
            total += w;
        }
        const bool fixed = r.kind == rule_kind::fixed_outdegree || indegree;
        const double k = !r.k_per_neuron.empty() ? static_cast<double>(r.k_per_neuron[i]) : static_cast<double>(r.k);
        const double scale = fixed ? (total > 0.0 ? k / total : 0.0) : (r.kind == rule_kind::pairwise_bernoulli ? r.p : 1.0);
        for (std::size_t b = 0; b < row.size(); ++b) density[b] += scale * row[b];
    }
    double sum = 0.0;
    for (double v : density) sum += v;
    for (double& v : density) v = sum > 0.0 ? v / (sum * width) : 0.0;
    return density;
}

}  // namespace

std::size_t plot_connectome(const PlotConnectomeOptions& o) {
    require_gnuplot();
    Drawn d;
    // Kept alive for `d`'s pointers.
    std::optional<build::Network> net;
    spec::ConnectomeSpec cs;
    spec::PositionsList positions;
    std::vector<std::string> names;
    if (spec::is_network_spec_file(o.spec)) {
        net.emplace(spec::load_network(o.spec, o.seed));
        for (const auto& p : net->resolved_projections()) {
            if (!p.rule || p.dense) continue;
            names.push_back(p.name);
            const auto& s = net->populations()[p.source_pop];
            const auto& t = net->populations()[p.target_pop];
            if (!s.positions || !t.positions || (!o.projection.empty() && p.name != o.projection) || d.source) continue;
            d.name = p.name;
            d.source = &*s.positions;
            d.target = &*t.positions;
            d.from = p.edges.source;
            d.to = p.edges.target;
            d.rule = *p.rule;
        }
    } else {
        cs = spec::parse_connectome_spec(o.spec);
        const seed_t seed = o.seed.value_or(cs.seed);
        positions = spec::make_all_positions(cs, seed);
        for (std::size_t j = 0; j < cs.projections.size(); ++j) {
            const auto& p = cs.projections[j];
            names.push_back(p.name);
            if (!positions[p.source_index] || !positions[p.target_index] || (!o.projection.empty() && p.name != o.projection) ||
                d.source)
                continue;
            const connect::Connectome c = spec::make_connectome(cs, j, positions, seed, connect::Options{});
            d.name = p.name;
            d.source = &*positions[p.source_index];
            d.target = &*positions[p.target_index];
            d.from = c.source;
            d.to = c.target;
            d.rule = p.projection;
        }
    }
    if (!d.source) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw config_error(o.spec.string(), 0, 0, "--projection",
                           o.projection.empty() ? "a rule-drawn projection between populations with positions"
                                                : "a rule-drawn projection between populations with positions (" + list + ")",
                           o.projection.empty() ? "none" : "'" + o.projection + "'");
    }
    if (d.source->dims() < 2 || d.target->dims() < 2)
        throw config_error(o.spec.string(), 0, 0, "--projection", "positions of 2 or 3 dimensions", "1 dimension");

    io::ConnectomePanel panel;
    for (index_t i = 0; i < d.source->size(); ++i) panel.source_x.push_back(d.source->coords(0, i)), panel.source_y.push_back(d.source->coords(1, i));
    for (index_t i = 0; i < d.target->size(); ++i) panel.target_x.push_back(d.target->coords(0, i)), panel.target_y.push_back(d.target->coords(1, i));
    // Sources spread over the population's index range (positions are random, so over space too).
    const index_t ns = d.source->size();
    const std::size_t shown = std::min<std::size_t>(o.sources, ns);
    std::vector<std::size_t> group_of(ns, SIZE_MAX);
    for (std::size_t k = 0; k < shown; ++k) {
        const index_t i = static_cast<index_t>((static_cast<double>(k) + 0.5) * ns / static_cast<double>(shown));
        group_of[i] = k;
        panel.chosen.push_back({d.source->coords(0, i), d.source->coords(1, i), {}, {}});
    }
    const std::size_t dims = std::min(d.source->dims(), d.target->dims());
    std::vector<double> distance(d.from.size());
    double longest = 0.0;
    for (std::size_t e = 0; e < d.from.size(); ++e) {
        const index_t s = d.from[e], t = d.to[e];
        distance[e] = std::sqrt(spatial::squared_distance(d.source->column(s), d.target->column(t), d.target->extent, dims));
        longest = std::max(longest, distance[e]);
        if (group_of[s] != SIZE_MAX) {
            panel.chosen[group_of[s]].tx.push_back(d.target->coords(0, t));
            panel.chosen[group_of[s]].ty.push_back(d.target->coords(1, t));
        }
    }
    const double width = longest > 0.0 ? longest * 1.05 / distance_bins : 1.0;
    panel.bin_centres.resize(distance_bins);
    panel.observed.assign(distance_bins, 0.0);
    for (std::size_t b = 0; b < distance_bins; ++b) panel.bin_centres[b] = (static_cast<double>(b) + 0.5) * width;
    for (double x : distance) panel.observed[std::min(distance_bins - 1, static_cast<std::size_t>(x / width))] += 1.0;
    for (double& v : panel.observed) v = d.from.empty() ? 0.0 : v / (static_cast<double>(d.from.size()) * width);
    panel.expected = expected_density(d, panel.bin_centres, width);
    panel.expected_label = "expected from the kernel (" + kernel_text(d.rule.kernel) + ")";
    io::PlotStyle style;
    style.title = d.name + ": " + std::to_string(d.from.size()) + " connections";
    style.width = 1400;
    style.height = 650;
    io::plot_connectome(o.out, panel, style);
    if (!o.csv.empty()) {
        std::string text = "distance,drawn,expected\n";
        char line[96];
        for (std::size_t b = 0; b < distance_bins; ++b) {
            std::snprintf(line, sizeof line, "%.17g,%.17g,%.17g\n", panel.bin_centres[b], panel.observed[b], panel.expected[b]);
            text += line;
        }
        std::ofstream out(o.csv, std::ios::binary);
        out << text;
        if (!out) throw file_error(o.csv.string(), "", "cannot write");
    }
    return d.from.size();
}

}  // namespace neurowire::app
