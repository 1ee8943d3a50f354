// The COBA benchmark network on one thread: a timing report and sanity checks on its activity.
#include <chrono>
#include <ctime>

#include <boost/test/unit_test.hpp>

#include "coba_program.hpp"
#include "sim/runner.hpp"

using namespace neurowire::sim;

BOOST_AUTO_TEST_SUITE(coba)

BOOST_AUTO_TEST_CASE(one_second_on_one_thread) {
    const Program p = testing::make_coba();
    Simulator sim(p, {1, {}});
    // CPU time of this thread: the machine is shared, so wall time says little about our code.
    auto cpu_now = [] {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
    };
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_now();
    sim.run();
    const double seconds = cpu_now() - c0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const Recording& r = sim.recording();
    const double rate_e = static_cast<double>(r.spikes[0].units.size()) / 3200.0;   // Hz over 1 s
    const double rate_i = static_cast<double>(r.spikes[1].units.size()) / 800.0;
    BOOST_TEST_MESSAGE("COBA 4000 neurons, 10000 steps, 1 thread: " << seconds * 1e3 << " ms CPU ("
                       << wall * 1e3 << " ms wall); rates E "
                       << rate_e << " Hz, I " << rate_i << " Hz");
    BOOST_TEST(r.steps_done == 10000u);
    BOOST_TEST(rate_e > 1.0);
    BOOST_TEST(rate_e < 100.0);
    BOOST_TEST(rate_i > 1.0);
    // Generous against a loaded shared machine; the target is about 80 ms.
    BOOST_TEST(seconds < 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
