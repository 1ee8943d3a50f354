#include "sim/recorder.hpp"

namespace neurowire::sim {

namespace {

// Sample row of a trace taken every `every` steps after `step`, if one is due.
bool sample_row(std::uint64_t step, std::uint32_t every, std::uint64_t& row) {
    if ((step + 1) % every != 0) return false;
    row = (step + 1) / every - 1;
    return true;
}

}  // namespace

void Recorder::start(const Program& program) {
    recording_ = Recording{};
    buffers_.clear();
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
        buffers_.emplace_back(v.mean ? 1 : t.units.size(), program.steps / v.every);
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

void Recorder::record_trace(std::size_t k, std::vector<PopulationRuntime>& pops, std::uint64_t step) {
    const Trace& t = recording_.traces[k];
    std::uint64_t row = 0;
    if (!sample_row(step, t.every, row)) return;
    const double* x = pops[t.pop].array(t.array);
    arma::mat& buf = buffers_[k];
    if (t.mean) {
        double sum = 0.0;
        for (const index_t u : t.units) sum += x[u];
        buf(0, row) = t.units.empty() ? 0.0 : sum / static_cast<double>(t.units.size());
    } else {
        double* column = buf.colptr(row);
        for (std::size_t j = 0; j < t.units.size(); ++j) column[j] = x[t.units[j]];
    }
}

void Recorder::record(const Program& program, std::vector<PopulationRuntime>& pops, std::uint64_t step) {
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) record_trace(k, pops, step);
    const double time = static_cast<double>(step + 1) * program.dt;
    for (std::size_t k = 0; k < recording_.spikes.size(); ++k) add_spikes(k, pops[recording_.spikes[k].pop].spikes(), time);
}

// The spikes of `ids` at `time` into train k: all, or the units it keeps.
void Recorder::add_spikes(std::size_t k, const std::vector<index_t>& ids, double time) {
    SpikeTrain& s = recording_.spikes[k];
    if (keep_[k].empty()) {
        s.units.insert(s.units.end(), ids.begin(), ids.end());
        s.times.insert(s.times.end(), ids.size(), time);
        return;
    }
    for (const auto u : ids)
        if (keep_[k][u]) {
            s.units.push_back(u);
            s.times.push_back(time);
        }
}

void Recorder::prepare_blocks(const std::vector<std::vector<Block>>& blocks) {
    columns_.assign(recording_.traces.size(), {});
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) {
        const Trace& t = recording_.traces[k];
        const auto& pop_blocks = blocks[t.pop];
        columns_[k].resize(pop_blocks.size());
        if (t.mean) continue;
        for (std::uint32_t j = 0; j < t.units.size(); ++j)
            for (std::size_t b = 0; b < pop_blocks.size(); ++b)
                if (t.units[j] >= pop_blocks[b].begin && t.units[j] < pop_blocks[b].end) columns_[k][b].push_back(j);
    }
}

void Recorder::record_blocks(std::vector<PopulationRuntime>& pops, std::uint64_t step, int thread) {
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) {
        const Trace& t = recording_.traces[k];
        std::uint64_t row = 0;
        if (t.mean || !sample_row(step, t.every, row)) continue;
        const double* x = pops[t.pop].array(t.array);
        arma::mat& buf = buffers_[k];
        double* column = buf.colptr(row);
        for (const std::uint32_t j : columns_[k][thread]) column[j] = x[t.units[j]];
    }
}

bool Recorder::means_due(std::uint64_t step) const {
    for (const Trace& t : recording_.traces)
        if (t.mean && (step + 1) % t.every == 0) return true;
    return false;
}

void Recorder::record_shared(const Program& program, std::vector<PopulationRuntime>& pops,
                             const std::vector<SpikeHistory>& history, std::uint64_t step) {
    for (std::size_t k = 0; k < recording_.traces.size(); ++k)
        if (recording_.traces[k].mean) record_trace(k, pops, step);
    const double time = static_cast<double>(step + 1) * program.dt;
    for (std::size_t k = 0; k < recording_.spikes.size(); ++k) {
        const SpikeHistory& h = history[recording_.spikes[k].pop];
        for (std::uint32_t b = 0; b < h.blocks(); ++b) add_spikes(k, h.at(step, b), time);
    }
}

// Samples are taken after steps every, 2·every, …, so after `steps_done` steps a trace holds
// steps_done / every of them, however they were taken.
void Recorder::sync(std::uint64_t steps_done) {
    recording_.steps_done = steps_done;
    for (std::size_t k = 0; k < recording_.traces.size(); ++k) {
        Trace& t = recording_.traces[k];
        const std::uint64_t n = std::min<std::uint64_t>(steps_done / t.every, buffers_[k].n_cols);
        if (t.samples.n_rows == n) continue;
        if (n == 0) t.samples.set_size(0, buffers_[k].n_rows);
        else t.samples = buffers_[k].cols(0, n - 1).t();
        t.times.set_size(n);
        for (std::uint64_t i = 0; i < n; ++i)
            t.times(i) = static_cast<double>((i + 1) * t.every) * recording_.dt;
    }
}

}  // namespace neurowire::sim
