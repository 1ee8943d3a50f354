// PartnerSorter against std::sort on the inputs it meets: partners spread over the whole index
// range, partners clustered in a narrow range (grid positions, where indices follow space),
// heavy repeats (multapses among few candidates), short lists and extreme index values.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "connect/partner_sorter.hpp"
#include "core/rng.hpp"

using neurowire::index_t;
namespace rng = neurowire::rng;

namespace {

void check_sorts_like_std(std::vector<index_t> values) {
    std::vector<index_t> expected = values;
    std::sort(expected.begin(), expected.end());
    neurowire::connect::PartnerSorter sorter;
    sorter.sort(values.data(), values.size());
    BOOST_TEST(values == expected, boost::test_tools::per_element());
}

std::vector<index_t> draws(std::size_t k, index_t low, index_t span, std::uint64_t seed) {
    auto g = rng::stream(seed, rng::purpose::connect, 0, 0);
    std::vector<index_t> v(k);
    for (auto& x : v) x = low + rng::uniform_index(g, span);
    return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(partner_sorter)

BOOST_AUTO_TEST_CASE(sorts_like_std_sort) {
    for (std::size_t k : {1u, 5u, 31u, 32u, 33u, 100u, 1000u, 20000u}) {
        BOOST_TEST_CONTEXT("k " << k) {
            check_sorts_like_std(draws(k, 0, 200000, k));                  // spread
            check_sorts_like_std(draws(k, 150000, 3000, k + 1));           // clustered
            check_sorts_like_std(draws(k, 7, 5, k + 2));                   // mostly repeats
            check_sorts_like_std(draws(k, std::numeric_limits<index_t>::max() - 999, 1000, k + 3));
            check_sorts_like_std(draws(k, 0, std::numeric_limits<index_t>::max(), k + 4));   // full range
        }
    }
    // Two far-apart clusters: most of the range is empty and the buckets fill unevenly.
    std::vector<index_t> two = draws(60, 10, 50, 1);
    const std::vector<index_t> far = draws(60, 4000000000u, 50, 2);
    two.insert(two.end(), far.begin(), far.end());
    check_sorts_like_std(two);
    check_sorts_like_std(std::vector<index_t>(100, 42));   // all equal
}

BOOST_AUTO_TEST_SUITE_END()
