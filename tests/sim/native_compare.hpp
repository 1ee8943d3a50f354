#pragma once
// Running one program natively and interpreted, and comparing the two bit for bit.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "sim/runner.hpp"

namespace neurowire::sim::testing {

struct Outcome {
    Program program;      // the live arrays after the run
    Recording recording;
    KernelReport report;
};

inline Outcome run_with(const Program& p, int threads, kernel_mode mode) {
    RunOptions options;
    options.threads = threads;
    options.kernels = mode;
    Simulator sim(p, options);
    sim.run();
    return {sim.program(), sim.recording(), sim.kernel_report()};
}

// Equal to the last bit (signed zeros included), except that any two NaNs are equal: when both
// operands of an addition or multiplication are NaN, x86 returns the first one's payload, and
// which one is first is the compiler's choice for a commutative operation.
inline bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::memcmp(&x[i], &y[i], sizeof(double)) != 0 && !(std::isnan(x[i]) && std::isnan(y[i]))) return false;
    return true;
}

// Every array of every population equal (same_bits).
inline void require_same_arrays(const Program& a, const Program& b) {
    BOOST_REQUIRE_EQUAL(a.populations.size(), b.populations.size());
    for (std::size_t p = 0; p < a.populations.size(); ++p) {
        const auto& x = a.populations[p].values;
        const auto& y = b.populations[p].values;
        BOOST_REQUIRE_EQUAL(x.arrays.size(), y.arrays.size());
        for (std::size_t k = 0; k < x.arrays.size(); ++k) {
            BOOST_TEST(same_bits(x.arrays[k], y.arrays[k]), "population " << a.populations[p].name << ", array "
                                                                        << x.array_names[k]);
        }
    }
}

inline void require_same_recording(const Recording& a, const Recording& b) {
    BOOST_TEST(a.steps_done == b.steps_done);
    BOOST_REQUIRE_EQUAL(a.spikes.size(), b.spikes.size());
    for (std::size_t s = 0; s < a.spikes.size(); ++s) {
        BOOST_TEST(a.spikes[s].units == b.spikes[s].units, "spike units of " << a.spikes[s].population);
        BOOST_TEST(a.spikes[s].times == b.spikes[s].times, "spike times of " << a.spikes[s].population);
    }
    BOOST_REQUIRE_EQUAL(a.traces.size(), b.traces.size());
    for (std::size_t t = 0; t < a.traces.size(); ++t) {
        const auto& x = a.traces[t].samples;
        const auto& y = b.traces[t].samples;
        BOOST_REQUIRE_EQUAL(x.n_elem, y.n_elem);
        BOOST_TEST(std::memcmp(x.memptr(), y.memptr(), x.n_elem * sizeof(double)) == 0, "trace " << a.traces[t].name);
    }
}

// Runs `p` interpreted on one thread and natively on `threads`; the native run must have compiled
// every population and agree with the interpreter exactly.
inline Outcome require_native_equals_interpreted(const Program& p, int threads) {
    const Outcome interpreted = run_with(p, 1, kernel_mode::interpreted);
    Outcome native = run_with(p, threads, kernel_mode::native);
    BOOST_TEST(native.report.native_count() == native.report.populations.size(), native.report.summary());
    require_same_arrays(native.program, interpreted.program);
    require_same_recording(native.recording, interpreted.recording);
    return native;
}

// Sets an environment variable for a scope and restores what was there.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            had_ = true;
            old_ = old;
        }
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (had_) ::setenv(name_.c_str(), old_.c_str(), 1);
        else ::unsetenv(name_.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string name_, old_;
    bool had_ = false;
};

}  // namespace neurowire::sim::testing
