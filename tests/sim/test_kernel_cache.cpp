// Compiling, caching and falling back (sim/kernel_cache.hpp, sim/kernels.hpp): a second program
// of the same structure with other parameter values reuses the compiled library and still matches
// the interpreter; without a compiler the run goes on interpreted and says why, or fails in
// native mode; NEUROWIRE_KERNELS and the heun solver keep the interpreter.
#include <filesystem>
#include <string>

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "native_compare.hpp"
#include "program_builder.hpp"
#include "sim/kernel_cache.hpp"

using namespace neurowire::sim;
using namespace neurowire::sim::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A LIF network whose parameters are all scalars, so their values are not part of the kernel.
Program lif_program(const Lif& m, std::uint32_t n = 100) {
    std::vector<double> v0(n);
    for (std::uint32_t i = 0; i < n; ++i) v0[i] = 0.01 * i;
    Program p;
    p.dt = 0.1;
    p.steps = 400;
    p.populations.push_back(make_lif("n", n, m, v0));
    p.record.spikes = {0};
    return p;
}

// A directory of its own under the suite's kernel cache, so the first compile is a real one.
std::string fresh_cache_dir(const std::string& name) {
    const std::string base = KernelCache::directory();
    const auto dir = std::filesystem::path(base) / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    return dir.string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kernel_cache)

BOOST_AUTO_TEST_CASE(other_parameter_values_hit_the_cache) {
    const std::string dir = fresh_cache_dir("cache-hit");
    const ScopedEnv cache("NEUROWIRE_KERNEL_CACHE", dir.c_str());
    Lif a;
    a.i_ext = 1.5;
    a.t_ref = 0.5;
    Lif b = a;
    b.i_ext = 2.2;
    b.tau = 7.0;
    b.v_reset = -0.3;
    b.t_ref = 1.2;
    const Outcome first = require_native_equals_interpreted(lif_program(a), 1);
    BOOST_TEST(first.report.libraries_compiled == 1u);
    BOOST_TEST(first.report.seconds < 30.0);
    const Outcome second = require_native_equals_interpreted(lif_program(b), 1);
    BOOST_TEST(second.report.libraries_compiled == 0u, second.report.summary());
    BOOST_TEST(second.report.libraries_cached == 1u);
    BOOST_TEST(second.report.populations.at(0).cached);
    BOOST_TEST(contains(second.report.summary(), "cached"), second.report.summary());
    // Different values, different activity: the kernel really read them at run time.
    BOOST_TEST(first.recording.spikes[0].units != second.recording.spikes[0].units);
    // The library and its source are in the cache directory, and nothing half-written.
    int libraries = 0, sources = 0, others = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string ext = entry.path().extension().string();
        (ext == ".so" ? libraries : ext == ".cpp" ? sources : others)++;
    }
    BOOST_TEST(libraries == 1);
    BOOST_TEST(sources == 1);
    BOOST_TEST(others == 0);
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(populations_of_one_structure_share_a_library) {
    Lif m;
    m.i_ext = 1.5;
    Program p = lif_program(m);
    Lif m2 = m;
    m2.i_ext = 0.9;
    std::vector<double> v0(100, 0.2);
    p.populations.push_back(make_lif("other", 100, m2, v0));
    const Outcome o = require_native_equals_interpreted(p, 1);
    BOOST_TEST(o.report.native_count() == 2u);
    BOOST_TEST(o.report.libraries_compiled + o.report.libraries_cached == 1u);
}

BOOST_AUTO_TEST_CASE(missing_compiler_falls_back_and_says_why) {
    const ScopedEnv cxx("NEUROWIRE_CXX", "/nonexistent/c++");
    const ScopedEnv automatic("NEUROWIRE_KERNELS", nullptr);
    Lif m;
    m.i_ext = 1.5;
    m.t_ref = 0.5;
    const Program p = lif_program(m);
    const Outcome fallback = run_with(p, 1, kernel_mode::automatic);
    BOOST_TEST(fallback.report.native_count() == 0u);
    BOOST_TEST(contains(fallback.report.summary(), "interpreted"), fallback.report.summary());
    BOOST_TEST(contains(fallback.report.summary(), "/nonexistent/c++"), fallback.report.summary());
    const Outcome interpreted = run_with(p, 1, kernel_mode::interpreted);
    require_same_arrays(fallback.program, interpreted.program);
    require_same_recording(fallback.recording, interpreted.recording);
    // Native mode refuses instead, naming the population and the reason.
    try {
        run_with(p, 1, kernel_mode::native);
        BOOST_FAIL("native mode ran without a compiler");
    } catch (const kernel_error& e) {
        BOOST_TEST(e.population == "n");
        BOOST_TEST(contains(e.what(), "/nonexistent/c++"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(environment_forces_the_interpreter) {
    Lif m;
    m.i_ext = 1.5;
    const Program p = lif_program(m);
    {
        const ScopedEnv mode("NEUROWIRE_KERNELS", "interpreted");
        const Outcome o = run_with(p, 1, kernel_mode::automatic);
        BOOST_TEST(o.report.native_count() == 0u);
        BOOST_TEST((o.report.mode == kernel_mode::interpreted));
        BOOST_TEST(contains(o.report.summary(), "NEUROWIRE_KERNELS"), o.report.summary());
        // An explicit choice in RunOptions wins over the environment.
        BOOST_TEST(run_with(p, 1, kernel_mode::native).report.native_count() == 1u);
    }
    {
        const ScopedEnv mode("NEUROWIRE_KERNELS", "fast");
        BOOST_CHECK_THROW(run_with(p, 1, kernel_mode::automatic), neurowire::config_error);
    }
}

BOOST_AUTO_TEST_CASE(heun_stays_interpreted) {
    const ScopedEnv automatic("NEUROWIRE_KERNELS", nullptr);
    PopBuilder b("rate", 10);
    const Operand x = b.array("x", 1.0), k = b.scalar("k", -0.5);
    b.emit(opcode::mul, b.temp(0), x, k);
    b.state(x, b.temp(0));
    Program p;
    p.dt = 0.1;
    p.steps = 10;
    p.method = solver::heun;
    p.populations.push_back(std::move(b.p));
    const Outcome o = run_with(p, 1, kernel_mode::automatic);
    BOOST_TEST(o.report.native_count() == 0u);
    BOOST_TEST(contains(o.report.summary(), "heun"), o.report.summary());
    BOOST_CHECK_THROW(run_with(p, 1, kernel_mode::native), kernel_error);
}

BOOST_AUTO_TEST_CASE(constant_input_slots_hold_the_per_step_sums) {
    // Two constant inputs into one input slot are summed once, before the first step; a step input
    // (not constant for the runner) makes the slot be zeroed and summed every step. Same values.
    Lif m;
    m.t_ref = 0.3;
    Program constant = lif_program(m);
    const std::uint32_t slot = *constant.populations[0].values.find_array("I_in");
    for (const double value : {0.8, 0.7000000000000001}) {
        Input in;
        in.pop = 0;
        in.array = slot;
        in.kind = input_kind::constant;
        in.value = value;
        constant.inputs.push_back(in);
    }
    RecordVariable r;
    r.name = "n.I_in";
    r.array = slot;
    r.every = 50;
    constant.record.variables.push_back(r);
    Program stepped = constant;
    for (Input& in : stepped.inputs) {
        in.kind = input_kind::step;
        in.step_times = {0.0};
        in.step_values = {in.value};
    }
    for (const kernel_mode mode : {kernel_mode::interpreted, kernel_mode::native}) {
        const Outcome a = run_with(constant, 1, mode);
        const Outcome b = run_with(stepped, 1, mode);
        require_same_arrays(a.program, b.program);
        require_same_recording(a.recording, b.recording);
        BOOST_TEST(a.recording.spikes[0].units.size() > 100u);
    }
}

BOOST_AUTO_TEST_SUITE_END()
