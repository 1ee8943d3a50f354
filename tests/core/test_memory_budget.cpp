// The one memory budget (core/platform/memory_budget.hpp): sizes as users type them, the budget a
// request is checked against, and refusals that name the request, the estimate and the budget.
#include <sys/resource.h>

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"

using namespace neurowire;
namespace pf = neurowire::platform;

BOOST_AUTO_TEST_SUITE(memory_budget)

BOOST_AUTO_TEST_CASE(sizes_in_powers_of_1024) {
    BOOST_TEST(pf::parse_memory_size("512M") == 512.0 * 1024 * 1024);
    BOOST_TEST(pf::parse_memory_size("4G") == 4.0 * 1024 * 1024 * 1024);
    BOOST_TEST(pf::parse_memory_size("4g") == 4.0 * 1024 * 1024 * 1024);
    BOOST_TEST(pf::parse_memory_size("1.5GiB") == 1.5 * 1024 * 1024 * 1024);
    BOOST_TEST(pf::parse_memory_size("64KB") == 64.0 * 1024);
    BOOST_TEST(pf::parse_memory_size("2T") == 2.0 * 1024 * 1024 * 1024 * 1024);
    BOOST_TEST(pf::parse_memory_size("800000000") == 8e8);
    BOOST_TEST(pf::parse_memory_size("100B") == 100.0);
    for (const char* bad : {"", "M", "12Q", "-5M", "0", "0.1", "5MM", "1e30G", "nan", "inf", "4 G"}) {
        try {
            pf::parse_memory_size(bad);
            BOOST_FAIL(std::string("accepted '") + bad + "'");
        } catch (const config_error& e) {
            BOOST_TEST(e.key_path == "--memory-limit");
            BOOST_TEST(std::string(e.what()).find(std::string("'") + bad + "'") != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_limit_counts_what_the_process_holds) {
    const double rss = pf::resident_bytes();
    BOOST_TEST(rss > 1e5);   // a running test holds at least its code and stack
    BOOST_TEST(rss < 1e10);
    const double limit = rss + 256.0 * 1024 * 1024;
    const double budget = pf::memory_budget(limit);
    // What is left of the limit: limit − RSS, within the RSS drift between the two reads.
    BOOST_TEST(budget <= 256.0 * 1024 * 1024 + 8.0 * 1024 * 1024);
    BOOST_TEST(budget >= 256.0 * 1024 * 1024 - 8.0 * 1024 * 1024);
    BOOST_TEST(pf::memory_budget(1.0) == 0.0);   // a limit below what is held leaves nothing
}

BOOST_AUTO_TEST_CASE(the_process_limit_is_scoped) {
    BOOST_TEST(pf::memory_limit() == 0.0);
    {
        const pf::MemoryLimitScope outer(2e9);
        BOOST_TEST(pf::memory_limit() == 2e9);
        {
            const pf::MemoryLimitScope inner(0.0);   // 0 keeps the current one
            BOOST_TEST(pf::memory_limit() == 2e9);
        }
        {
            const pf::MemoryLimitScope inner(1e9);
            BOOST_TEST(pf::memory_limit() == 1e9);
            BOOST_TEST(pf::memory_budget() <= 1e9);
        }
        BOOST_TEST(pf::memory_limit() == 2e9);
    }
    BOOST_TEST(pf::memory_limit() == 0.0);
}

BOOST_AUTO_TEST_CASE(refusals_name_request_estimate_and_budget) {
    const pf::MemoryLimitScope scope(pf::resident_bytes() + 64.0 * 1024 * 1024);
    BOOST_CHECK_NO_THROW(pf::check_memory("small table", 1024.0));
    try {
        pf::check_memory("table of 10^9 rows", 8e9);
        BOOST_FAIL("expected memory_error");
    } catch (const memory_error& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("table of 10^9 rows") != std::string::npos);
        BOOST_TEST(m.find("memory limit") != std::string::npos);
        BOOST_TEST(e.estimate_bytes == 8e9);
        BOOST_TEST(e.available_bytes <= 64.0 * 1024 * 1024 + 8.0 * 1024 * 1024);
    }
    // Parts: the sum is checked, the message lists the largest first.
    const std::vector<pf::MemoryPart> parts = {{"states", 1e6}, {"recording", 5e10}, {"ring", 2e9}};
    BOOST_TEST(pf::total_bytes(parts) == 1e6 + 5e10 + 2e9);
    try {
        pf::check_memory("simulation", parts);
        BOOST_FAIL("expected memory_error");
    } catch (const memory_error& e) {
        const std::string m = e.what();
        BOOST_TEST(m.find("recording") < m.find("ring"));
        BOOST_TEST(m.find("ring") < m.find("states"));
        BOOST_TEST(e.estimate_bytes == 1e6 + 5e10 + 2e9);
    }
    // Parts that fit together pass, even though the message would list them.
    BOOST_CHECK_NO_THROW(pf::check_memory("simulation", std::vector<pf::MemoryPart>{{"a", 1e6}, {"b", 2e6}}));
}

BOOST_AUTO_TEST_CASE(the_address_space_limit_bounds_what_is_free) {
    rlimit old{};
    BOOST_REQUIRE(getrlimit(RLIMIT_AS, &old) == 0);
    const double before = pf::free_memory_bytes();
    BOOST_TEST(before > 0.0);
    // A soft limit 100 MiB above what is mapped now leaves about 100 MiB.
    rlimit tight = old;
    std::FILE* status = std::fopen("/proc/self/status", "r");
    BOOST_REQUIRE(status);
    char line[256];
    double vm_kib = 0.0;
    while (std::fgets(line, sizeof line, status))
        if (std::sscanf(line, "VmSize: %lf", &vm_kib) == 1) break;
    std::fclose(status);
    BOOST_REQUIRE(vm_kib > 0.0);
    tight.rlim_cur = static_cast<rlim_t>(vm_kib * 1024.0 + 100.0 * 1024 * 1024);
    if (old.rlim_max != RLIM_INFINITY && tight.rlim_cur > old.rlim_max) return;   // cannot raise
    BOOST_REQUIRE(setrlimit(RLIMIT_AS, &tight) == 0);
    const double free = pf::free_memory_bytes();
    setrlimit(RLIMIT_AS, &old);
    BOOST_TEST(free <= 100.0 * 1024 * 1024 + 1024.0 * 1024);
    BOOST_TEST(free >= 90.0 * 1024 * 1024);
}

BOOST_AUTO_TEST_SUITE_END()
