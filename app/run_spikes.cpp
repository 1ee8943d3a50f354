// DIR/spikes.h5: the recorded spike trains as a SONATA spike report, next to recording.npz.
#include <vector>

#include "app/run.hpp"
#include "io/sonata_spikes.hpp"

namespace neurowire::app {

bool write_run_spike_report(const fs::path& dir, const sim::Recording& recording, const sim::Program& program) {
    if (recording.spikes.empty()) return false;
    std::vector<io::SpikeTrainsView> views;
    for (const auto& sp : recording.spikes) {
        io::SpikeTrainsView v{sp.population, sp.times, sp.units};
        v.n_nodes = sp.pop < program.populations.size() ? program.populations[sp.pop].size : 0;
        v.tstop = recording.dt * static_cast<double>(recording.steps_done);
        views.push_back(v);
    }
    // Every template in templates/ counts time in ms, so a time unit is one millisecond. Once a
    // network carries its time unit, the factor follows it (1000 for seconds).
    io::write_sonata_spikes(dir / "spikes.h5", views, 1.0);
    return true;
}

}  // namespace neurowire::app
