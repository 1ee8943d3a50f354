#include "app/inspect_spikes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <system_error>

#include "core/error.hpp"
#include "io/npz.hpp"
#include "io/sonata_json.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// run.tstop of the first simulation config found next to the report or one folder up (BMTK and
// NEST write output/spikes.h5 below their config).
std::optional<std::pair<double, std::string>> tstop_from_config(const fs::path& report) {
    fs::path dir = report.parent_path();
    if (dir.empty()) dir = ".";
    for (int up = 0; up < 2; ++up, dir = dir.parent_path()) {
        for (const char* name : {"simulation_config.json", "config.json", "config.simulation.json"}) {
            const fs::path file = dir / name;
            if (!is_file(file)) continue;
            try {
                const io::json::Value root = io::json::parse_file(file);
                const io::json::Value* run = root.is_object() ? root.find("run") : nullptr;
                const io::json::Value* tstop = run && run->is_object() ? run->find("tstop") : nullptr;
                if (tstop && tstop->is_number() && tstop->number > 0) return std::pair{tstop->number, file.string() + " run.tstop"};
            } catch (const file_error&) {
                // not a config we can read: look further
            }
        }
        if (dir.empty() || dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

std::string number(const char* fmt, double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, fmt, v);
    return buffer;
}

}  // namespace

SpikeReport inspect_spike_trains(const std::vector<io::SpikeTrains>& trains, std::optional<double> duration_ms,
                                 const std::vector<std::optional<std::uint64_t>>& sizes) {
    SpikeReport r;
    r.duration_ms = duration_ms;
    for (std::size_t p = 0; p < trains.size(); ++p) {
        const io::SpikeTrains& t = trains[p];
        SpikePopulationReport s;
        s.name = t.population;
        s.size = p < sizes.size() ? sizes[p] : std::nullopt;
        s.spikes = t.times_ms.size();
        // Group by unit, in time order within a unit.
        std::vector<std::size_t> order(t.times_ms.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return t.node_ids[a] != t.node_ids[b] ? t.node_ids[a] < t.node_ids[b] : t.times_ms[a] < t.times_ms[b];
        });
        long double cv_sum = 0.0L;
        for (std::size_t k = 0; k < order.size();) {
            std::size_t end = k;
            while (end < order.size() && t.node_ids[order[end]] == t.node_ids[order[k]]) ++end;
            ++s.active;
            if (end - k >= 3) {
                long double sum = 0.0L, sq = 0.0L;
                const std::size_t n = end - k - 1;
                for (std::size_t j = k + 1; j < end; ++j) {
                    const long double isi = t.times_ms[order[j]] - t.times_ms[order[j - 1]];
                    sum += isi;
                    sq += isi * isi;
                }
                const long double mean = sum / n;
                const long double var = std::max(0.0L, sq / n - mean * mean);
                if (mean > 0) {
                    cv_sum += std::sqrt(var) / mean;
                    ++s.cv_units;
                }
            }
            k = end;
        }
        if (s.cv_units) s.mean_cv = static_cast<double>(cv_sum / s.cv_units);
        if (s.size) {
            if (s.active > *s.size)
                throw error("population " + t.population + ": " + std::to_string(s.active) +
                            " units spiked, but the population has only " + std::to_string(*s.size));
            s.silent = *s.size - s.active;
            if (duration_ms && *duration_ms > 0 && *s.size > 0)
                s.rate_hz = static_cast<double>(s.spikes) / (static_cast<double>(*s.size) * *duration_ms * 1e-3);
        }
        r.populations.push_back(std::move(s));
    }
    return r;
}

SpikeReport inspect_recording(const fs::path& npz) {
    const auto arrays = io::read_npz(npz);
    const auto find = [&](const std::string& name) -> const io::Array* {
        for (const auto& a : arrays)
            if (a.name == name) return &a.array;
        return nullptr;
    };
    std::vector<io::SpikeTrains> trains;
    for (const auto& a : arrays) {
        const std::string suffix = ".spike_times";
        if (a.name.size() <= suffix.size() || a.name.compare(a.name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
        const std::string pop = a.name.substr(0, a.name.size() - suffix.size());
        const io::Array& units = io::find_array(arrays, pop + ".spike_units", npz);
        io::SpikeTrains t;
        t.population = pop;
        t.times_ms = a.array.values<double>();
        t.node_ids = units.values<std::uint64_t>();
        if (t.times_ms.size() != t.node_ids.size())
            throw file_error(npz.string(), "member '" + pop + ".spike_units.npy'", "length differs from " + a.name);
        trains.push_back(std::move(t));
    }
    std::sort(trains.begin(), trains.end(), [](const auto& a, const auto& b) { return a.population < b.population; });
    std::optional<double> duration;
    const io::Array* dt = find("dt");
    const io::Array* steps = find("steps_done");
    // In the run's time unit, which is ms for every template so far (to follow a recorded time unit once runs carry one).
    if (dt && steps && dt->size() == 1 && steps->size() == 1) duration = dt->value_at(0) * steps->value_at(0);
    // Sizes: the spike report of the same run, else a trace of every unit.
    std::vector<io::SpikeTrains> report;
    const fs::path beside = npz.parent_path() / "spikes.h5";
    if (is_file(beside)) report = io::read_sonata_spikes(beside);
    std::vector<std::optional<std::uint64_t>> sizes;
    for (const auto& t : trains) {
        std::optional<std::uint64_t> n;
        for (const auto& s : report)
            if (s.population == t.population && s.n_nodes) n = s.n_nodes;
        for (const auto& a : arrays)
            if (!n && a.name.rfind(t.population + ".", 0) == 0 && a.array.shape.size() == 2 && !find(a.name + ".units") &&
                a.name.find(".spike_") == std::string::npos)
                n = a.array.shape[1];
        sizes.push_back(n);
    }
    SpikeReport r = inspect_spike_trains(trains, duration, sizes);
    r.duration_from = duration ? "steps_done × dt" : "";
    return r;
}

SpikeReport inspect_spike_report(const fs::path& h5, double duration_ms) {
    const auto trains = io::read_sonata_spikes(h5);
    std::optional<double> duration;
    std::string from;
    for (const auto& t : trains)
        if (t.tstop_ms) duration = *t.tstop_ms, from = "attribute tstop";
    if (!duration) {
        if (const auto c = tstop_from_config(h5)) duration = c->first, from = c->second;
    }
    if (!duration && duration_ms > 0) duration = duration_ms, from = "--duration";
    std::vector<std::optional<std::uint64_t>> sizes;
    for (const auto& t : trains) sizes.push_back(t.n_nodes);
    SpikeReport r = inspect_spike_trains(trains, duration, sizes);
    r.duration_from = from;
    return r;
}

std::string format_spike_report(const SpikeReport& r) {
    std::string out = "duration     " +
                      (r.duration_ms ? number("%g", *r.duration_ms) + " ms (" + r.duration_from + ")"
                                     : std::string("unknown (no rates; give --duration)")) +
                      "\n";
    for (const auto& p : r.populations) {
        out += "population   " + p.name + ": " + (p.size ? std::to_string(*p.size) + " units, " : std::string()) +
               std::to_string(p.spikes) + " spikes from " + std::to_string(p.active) + " units\n";
        out += "  rate       " + (p.rate_hz ? number("%.4g", *p.rate_hz) + " Hz (mean per unit)" : std::string("unknown")) + "\n";
        out += "  ISI CV     " + (p.mean_cv ? number("%.4g", *p.mean_cv) + " (mean over " + std::to_string(p.cv_units) +
                                                  " units with >= 3 spikes)"
                                            : std::string("none (no unit has 3 spikes)")) + "\n";
        out += "  silent     " + (p.silent ? std::to_string(*p.silent) + " units" : std::string("unknown (population size not in the file)")) +
               "\n";
    }
    return out;
}

}  // namespace neurowire::app
