#include "sim/recorder.hpp"

namespace neurowire::sim {

void Recorder::start(const Program& program) {
    recording_ = Recording{};
    recording_.dt = program.dt;
    for (const auto& v : program.record.variables) {
        Trace t;
        t.name = v.name;
        t.pop = v.pop;
        t.array = v.array;
        t.units = v.units;
        if (t.units.empty()) {
            t.units.resize(program.populations[v.pop].size);
            for (index_t i = 0; i < t.units.size(); ++i) t.units[i] = i;
        }
        t.mean = v.mean;
        t.every = v.every;
        buffers_.emplace_back(program.steps / v.every, v.mean ? 1 : t.units.size());
        counts_.push_back(0);
        recording_.traces.push_back(std::move(t));
    }
    keep_.clear();
    for (std::size_t k = 0; k < program.record.spikes.size(); ++k) {
        const auto p = program.record.spikes[k];
        SpikeTrain s;
        s.population = program.populations[p].name;
        s.pop = p;
        recording_.spikes.push_back(std::move(s));
        std::vector<char> keep;
        if (k < program.record.spike_units.size() && !program.record.spike_units[k].empty()) {
            keep.assign(program.populations[p].size, 0);
            for (const index_t u : program.record.spike_units[k]) keep.at(u) = 1;
        }
        keep_.push_back(std::move(keep));
    }
}

void Recorder::record(const Program& program, std::vector<PopulationRuntime>& pops, std::uint64_t step) {
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) {
        const Trace& t = recording_.traces[k];
        if ((step + 1) % t.every != 0) continue;
        const double* x = pops[t.pop].array(t.array);
        arma::mat& buf = buffers_[k];
        const std::uint64_t row = counts_[k]++;
        if (t.mean) {
            double sum = 0.0;
            for (const index_t u : t.units) sum += x[u];
            buf(row, 0) = t.units.empty() ? 0.0 : sum / static_cast<double>(t.units.size());
        } else {
            for (std::size_t j = 0; j < t.units.size(); ++j) buf(row, j) = x[t.units[j]];
        }
    }
    const double time = static_cast<double>(step + 1) * program.dt;
    for (std::size_t k = 0; k < recording_.spikes.size(); ++k) {
        SpikeTrain& s = recording_.spikes[k];
        const auto& ids = pops[s.pop].spikes();
        if (keep_[k].empty()) {
            s.units.insert(s.units.end(), ids.begin(), ids.end());
            s.times.insert(s.times.end(), ids.size(), time);
            continue;
        }
        for (const auto u : ids)
            if (keep_[k][u]) {
                s.units.push_back(u);
                s.times.push_back(time);
            }
    }
}

void Recorder::sync(std::uint64_t steps_done) {
    recording_.steps_done = steps_done;
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) {
        Trace& t = recording_.traces[k];
        const std::uint64_t n = counts_[k];
        if (t.samples.n_rows == n) continue;
        if (n == 0) t.samples.set_size(0, buffers_[k].n_cols);
        else t.samples = buffers_[k].rows(0, n - 1);
        t.times.set_size(n);
        for (std::uint64_t i = 0; i < n; ++i)
            t.times(i) = static_cast<double>((i + 1) * t.every) * recording_.dt;
    }
}

}  // namespace neurowire::sim
