#include "app/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"

namespace neurowire::app {

namespace {

// Accumulates in edge order with a long double sum, so a report is the same on every run.
template <class Range>
Summary summarise(const Range& values) {
    Summary s;
    if (values.empty()) return s;
    long double sum = 0.0L;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -std::numeric_limits<double>::infinity();
    for (const auto v : values) {
        const double x = static_cast<double>(v);
        sum += x;
        s.min = std::min(s.min, x);
        s.max = std::max(s.max, x);
    }
    s.count = values.size();
    s.mean = static_cast<double>(sum / static_cast<long double>(values.size()));
    return s;
}

void check_positions(const spatial::Positions& p, index_t n, const char* side) {
    if (p.size() != n)
        throw config_error(std::string(side) + " positions", std::to_string(n) + " neurons (as in the connectome)",
                           std::to_string(p.size()));
}

std::string line(const char* label, const Summary& s) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%-12s min %-12.6g mean %-12.6g max %.6g\n", label, s.min, s.mean, s.max);
    return buffer;
}

}  // namespace

ConnectomeReport inspect_connectome(const connect::Connectome& c, const spatial::Positions* source,
                                    const spatial::Positions* target) {
    // Per-neuron degree arrays, and a distance per synapse when positions are given.
    platform::check_memory("inspecting " + std::to_string(c.size()) + " synapses of " + std::to_string(c.n_source) +
                               " × " + std::to_string(c.n_target) + " neurons",
                           8.0 * (double(c.n_source) + double(c.n_target)) + (source && target ? 8.0 * double(c.size()) : 0.0));
    ConnectomeReport r;
    r.n_source = c.n_source;
    r.n_target = c.n_target;
    r.synapses = c.size();
    for (edge_t e = 0; e < c.size(); ++e) {
        // Rows are sorted by (source, target): a repeated pair directly follows its first row.
        const bool repeat = e > 0 && c.source[e] == c.source[e - 1] && c.target[e] == c.target[e - 1];
        if (!repeat) ++r.distinct_pairs;
        if (c.source[e] == c.target[e]) ++r.self_pairs;
    }
    r.out_degree = summarise(c.out_degrees());
    r.in_degree = summarise(c.in_degrees());
    r.weight = summarise(c.weight);
    r.delay = summarise(c.delay);
    if (source && target) {
        check_positions(*source, c.n_source, "source");
        check_positions(*target, c.n_target, "target");
        if (source->dims() != target->dims())
            throw config_error("positions", "source and target positions of equal dimension",
                               std::to_string(source->dims()) + " and " + std::to_string(target->dims()));
        // The target's box, as connect uses it: periodic axes wrap (minimum image).
        const spatial::Extent& extent = target->extent;
        std::vector<double> d(c.size());
        for (edge_t e = 0; e < c.size(); ++e)
            d[e] = std::sqrt(spatial::squared_distance(source->column(c.source[e]), target->column(c.target[e]), extent,
                                                       source->dims()));
        r.distance = summarise(d);
    }
    return r;
}

std::string format_report(const ConnectomeReport& r) {
    std::string out;
    out += "sources      " + std::to_string(r.n_source) + "\n";
    out += "targets      " + std::to_string(r.n_target) + "\n";
    out += "synapses     " + std::to_string(r.synapses) + "\n";
    out += "pairs        " + std::to_string(r.distinct_pairs) + " distinct (" +
           std::to_string(r.synapses - r.distinct_pairs) + " multapse rows)\n";
    out += "self pairs   " + std::to_string(r.self_pairs) + " (source index == target index)\n";
    out += line("out-degree", r.out_degree);
    out += line("in-degree", r.in_degree);
    if (r.synapses > 0) {
        out += line("weight", r.weight);
        out += line("delay", r.delay);
        if (r.distance) out += line("distance", *r.distance);
    }
    if (!r.distance) out += "distance     unknown (no positions; see --source-positions/--target-positions)\n";
    return out;
}

}  // namespace neurowire::app
