// The k-d index against brute force: radius and k-nearest searches in 1–3 dimensions, with and
// without periodic axes, queries near and beyond the boundary, ties, and the buckets.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "spatial/generators.hpp"
#include "spatial/kd_index.hpp"
#include "tests/spatial/common.hpp"

using namespace neurowire;
using namespace neurowire::spatial;
using spatial_test::box;
using spatial_test::message_names;

namespace {

bool same_neighbors(const std::vector<Neighbor>& a, const std::vector<Neighbor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].index != b[i].index || a[i].squared_distance != b[i].squared_distance) return false;
    return true;
}

std::vector<Neighbor> brute_radius(const Positions& p, const double* q, double radius) {
    std::vector<Neighbor> out;
    for (index_t i = 0; i < p.size(); ++i) {
        const double d2 = squared_distance(q, p.column(i), p.extent, p.dims());
        if (d2 <= radius * radius) out.push_back({i, d2});
    }
    return out;
}

std::vector<Neighbor> brute_nearest(const Positions& p, const double* q, std::size_t k) {
    std::vector<Neighbor> all = brute_radius(p, q, std::numeric_limits<double>::infinity());
    std::sort(all.begin(), all.end(), [](const Neighbor& a, const Neighbor& b) {
        return a.squared_distance < b.squared_distance || (a.squared_distance == b.squared_distance && a.index < b.index);
    });
    all.resize(k);
    return all;
}

// The extents under test: sides differ per axis so that axis mix-ups show.
Extent test_extent(std::size_t dims, int periodic_kind) {
    const std::vector<double> low{0.0, -1.0, 2.0}, high{1.0, 0.5, 4.0};
    std::vector<bool> periodic(dims, false);
    if (periodic_kind == 1) periodic.assign(dims, true);
    if (periodic_kind == 2) periodic[0] = true;   // mixed: only the first axis wraps
    return box(std::vector<double>(low.begin(), low.begin() + dims),
               std::vector<double>(high.begin(), high.begin() + dims), periodic);
}

// Queries: most in the box enlarged by a tenth of each side, a quarter pinned within 1e-3 of a
// face (inside or out), and some images several periods away.
std::vector<double> make_query(const Extent& extent, rng::engine& g, int kind) {
    const std::size_t dims = extent.dims();
    std::vector<double> q(dims);
    for (std::size_t a = 0; a < dims; ++a)
        q[a] = rng::uniform(g, extent.low(a) - 0.1 * extent.side(a), extent.high(a) + 0.1 * extent.side(a));
    if (kind == 1) {
        const std::size_t a = rng::uniform_index(g, static_cast<std::uint32_t>(dims));
        q[a] = (rng::bernoulli(g, 0.5) ? extent.low(a) : extent.high(a)) + rng::uniform(g, -1e-3, 1e-3);
    } else if (kind == 2) {
        for (std::size_t a = 0; a < dims; ++a)
            if (extent.is_periodic(a)) q[a] += extent.side(a) * (static_cast<double>(rng::uniform_index(g, 7)) - 3.0);
    }
    return q;
}

double half_smallest_periodic_side(const Extent& extent) {
    double half = 0.6;   // non-periodic cases: radii up to 0.6 reach across most of the box
    for (std::size_t a = 0; a < extent.dims(); ++a)
        if (extent.is_periodic(a)) half = std::min(half, 0.5 * extent.side(a));
    return half;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(kd_index)

BOOST_AUTO_TEST_CASE(searches_equal_brute_force) {
    const index_t n = 1500;
    const int queries = 1000;
    for (std::size_t dims = 1; dims <= 3; ++dims) {
        for (int periodic_kind = 0; periodic_kind < 3; ++periodic_kind) {
            if (dims == 1 && periodic_kind == 2) continue;   // same as all periodic
            const Extent extent = test_extent(dims, periodic_kind);
            const Positions points = uniform_box(n, extent, 100 + dims, static_cast<std::uint64_t>(periodic_kind));
            const KdIndex index(points, 8);
            auto g = rng::stream(7, rng::purpose::positions, dims, static_cast<std::uint64_t>(periodic_kind));
            const double max_radius = half_smallest_periodic_side(extent);
            int radius_mismatches = 0, nearest_mismatches = 0;
            std::vector<Neighbor> found;
            for (int t = 0; t < queries; ++t) {
                const int kind = t % 4 == 1 ? 1 : (t % 8 == 3 ? 2 : 0);
                const std::vector<double> q = make_query(extent, g, kind);
                // Every 50th query uses the largest radius allowed: half the periodic side.
                const double radius = t % 50 == 0 ? max_radius : rng::uniform(g, 0.0, max_radius);
                index.radius_search(q.data(), radius, found);
                if (!same_neighbors(found, brute_radius(points, q.data(), radius))) ++radius_mismatches;
                const std::size_t k = t % 100 == 0 ? n : 1 + rng::uniform_index(g, 30);
                if (!same_neighbors(index.k_nearest(q.data(), k), brute_nearest(points, q.data(), k)))
                    ++nearest_mismatches;
            }
            BOOST_TEST_CONTEXT("dims " << dims << ", periodic kind " << periodic_kind) {
                BOOST_TEST(radius_mismatches == 0);
                BOOST_TEST(nearest_mismatches == 0);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(radius_is_inclusive_and_ties_are_broken_by_index) {
    // Grid coordinates 0.5, 1.5, ... are exact binary fractions, so neighbours lie at exactly 1:
    // nanoflann's strict cut alone would drop them.
    for (bool periodic : {false, true}) {
        const Positions points = grid(std::vector<index_t>{8, 8}, box({0.0, 0.0}, {8.0, 8.0}, {periodic, periodic}));
        const KdIndex index(points, 4);
        const double q[2] = {0.5, 0.5};   // point 0
        const auto near = index.radius_search(q, 1.0);
        std::vector<index_t> ids;
        for (const auto& nb : near) ids.push_back(nb.index);
        std::vector<index_t> expected = periodic ? std::vector<index_t>{0, 1, 7, 8, 56} : std::vector<index_t>{0, 1, 8};
        BOOST_TEST(ids == expected, boost::test_tools::per_element());
        // Five points at distance 0 or 1 (three without wrapping); k = 2 keeps the lowest index.
        const auto two = index.k_nearest(q, 2);
        BOOST_TEST(two[0].index == 0u);
        BOOST_TEST(two[1].index == 1u);
        BOOST_TEST(two[1].squared_distance == 1.0);
        // Grid points and cell centres have up to 8 equidistant neighbours: every k must keep
        // the lowest indices among the tied, whatever order the tree visits them in.
        int tie_mismatches = 0;
        for (double x = 0.0; x < 8.0; x += 0.5)
            for (double y = 0.0; y < 8.0; y += 0.5)
                for (std::size_t k = 1; k <= 12; ++k) {
                    const double at[2] = {x, y};
                    if (!same_neighbors(index.k_nearest(at, k), brute_nearest(points, at, k))) ++tie_mismatches;
                }
        BOOST_TEST(tie_mismatches == 0);
        if (periodic) {
            // At exactly half the side the point is reached from both images: listed once.
            const auto half = index.radius_search(q, 4.0);
            const bool no_repeat = std::adjacent_find(half.begin(), half.end(), [](const Neighbor& a, const Neighbor& b) {
                                       return a.index == b.index;
                                   }) == half.end();
            BOOST_TEST(no_repeat);
            BOOST_TEST(same_neighbors(half, brute_radius(points, q, 4.0)));
        }
    }
}

BOOST_AUTO_TEST_CASE(search_errors_name_the_values) {
    const Positions points = uniform_box(100, box({0.0, 0.0}, {2.0, 1.0}, {false, true}), 1, 0);
    const KdIndex index(points);
    const double q[2] = {0.5, 0.5};
    BOOST_CHECK_EXCEPTION(index.radius_search(q, 0.75), config_error, message_names({"0.75", "0.5", "side is 1"}));
    BOOST_CHECK_NO_THROW(index.radius_search(q, 0.5));
    BOOST_CHECK_EXCEPTION(index.radius_search(q, -1.0), config_error, message_names({"-1"}));
    BOOST_CHECK_EXCEPTION(index.k_nearest(q, 101), config_error, message_names({"101", "100"}));
    BOOST_TEST(index.k_nearest(q, 0).empty());
}

BOOST_AUTO_TEST_CASE(buckets_partition_and_bound_their_members) {
    for (std::size_t dims = 1; dims <= 3; ++dims) {
        for (int periodic_kind = 0; periodic_kind < 3; ++periodic_kind) {
            const Extent extent = test_extent(dims, periodic_kind);
            const Positions points = uniform_box(3000, extent, 9, dims);
            const std::size_t leaf_size = 4 + 6 * dims;
            const KdIndex index(points, leaf_size);
            BOOST_TEST_CONTEXT("dims " << dims << ", periodic kind " << periodic_kind) {
                // indices() is a permutation and the buckets tile it in order.
                std::vector<index_t> sorted = index.indices();
                std::sort(sorted.begin(), sorted.end());
                std::vector<index_t> all(points.size());
                std::iota(all.begin(), all.end(), index_t{0});
                BOOST_TEST((sorted == all));
                std::size_t next = 0;
                bool tiled = true, boxes_tight = true, small = true;
                for (const Bucket& b : index.buckets()) {
                    tiled = tiled && b.begin == next && b.end > b.begin;
                    small = small && b.end - b.begin <= leaf_size;
                    next = b.end;
                    for (std::size_t a = 0; a < dims; ++a) {
                        double low = INFINITY, high = -INFINITY;
                        for (std::size_t s = b.begin; s < b.end; ++s) {
                            low = std::min(low, points.coords(a, index.indices()[s]));
                            high = std::max(high, points.coords(a, index.indices()[s]));
                        }
                        boxes_tight = boxes_tight && low == b.low[a] && high == b.high[a];
                    }
                }
                BOOST_TEST(tiled);
                BOOST_TEST(next == points.size());
                BOOST_TEST(small);
                BOOST_TEST(boxes_tight);

                // The bucket distance is a lower bound of every member's distance, zero for a
                // member, and equal to the distance to the nearest point of the box (over images).
                auto g = rng::stream(3, rng::purpose::positions, dims, static_cast<std::uint64_t>(periodic_kind));
                int not_lower = 0, not_zero = 0, not_exact = 0;
                for (int t = 0; t < 200; ++t) {
                    const std::vector<double> q = make_query(extent, g, t % 3);
                    const index_t member = rng::uniform_index(g, points.size());
                    for (const Bucket& b : index.buckets()) {
                        const double bound = index.squared_distance_to_bucket(q.data(), b);
                        double closest = INFINITY;
                        bool has_member = false;
                        for (std::size_t s = b.begin; s < b.end; ++s) {
                            closest = std::min(closest, squared_distance(q.data(), points.column(index.indices()[s]),
                                                                         extent, dims));
                            has_member = has_member || index.indices()[s] == member;
                        }
                        if (bound > closest) ++not_lower;
                        if (has_member && index.squared_distance_to_bucket(points.column(member), b) != 0.0) ++not_zero;
                        // Reference: clamp every periodic image of q to the box, keep the nearest.
                        double box_d2 = 0.0;
                        for (std::size_t a = 0; a < dims; ++a) {
                            double best = INFINITY;
                            const int reach = extent.is_periodic(a) ? 8 : 0;
                            for (int shift = -reach; shift <= reach; ++shift) {
                                const double x = q[a] + shift * (extent.is_periodic(a) ? extent.side(a) : 0.0);
                                best = std::min(best, std::abs(x - std::clamp(x, b.low[a], b.high[a])));
                            }
                            box_d2 += best * best;
                        }
                        if (std::abs(bound - box_d2) > 1e-12 * (1.0 + box_d2)) ++not_exact;
                    }
                }
                BOOST_TEST(not_lower == 0);
                BOOST_TEST(not_zero == 0);
                BOOST_TEST(not_exact == 0);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(concurrent_queries_match_serial_ones) {
    // The samplers query one index from all threads at once.
    const Positions points = uniform_box(4000, test_extent(3, 2), 21, 0);
    const KdIndex index(points);
    const int queries = 400;
    std::vector<std::vector<Neighbor>> serial(queries), parallel(queries), serial_knn(queries), parallel_knn(queries);
    for (int t = 0; t < queries; ++t) {
        serial[t] = index.radius_search(points.column(static_cast<index_t>(t)), 0.2);
        serial_knn[t] = index.k_nearest(points.column(static_cast<index_t>(t)), 12);
    }
#pragma omp parallel for schedule(dynamic) num_threads(2)
    for (int t = 0; t < queries; ++t) {
        parallel[t] = index.radius_search(points.column(static_cast<index_t>(t)), 0.2);
        parallel_knn[t] = index.k_nearest(points.column(static_cast<index_t>(t)), 12);
    }
    int mismatches = 0;
    for (int t = 0; t < queries; ++t)
        mismatches += !same_neighbors(serial[t], parallel[t]) + !same_neighbors(serial_knn[t], parallel_knn[t]);
    BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(empty_tiny_and_moved_indexes) {
    const Positions none = uniform_box(0, box({0.0, 0.0}, {1.0, 1.0}, {true, true}), 1, 0);
    const KdIndex empty(none);
    const double q[2] = {0.5, 0.5};
    BOOST_TEST(empty.size() == 0u);
    BOOST_TEST(empty.radius_search(q, 0.5).empty());
    BOOST_TEST(empty.buckets().empty());
    BOOST_TEST(empty.k_nearest(q, 0).empty());

    const Positions some = uniform_box(50, box({0.0, 0.0}, {1.0, 1.0}, {true, false}), 2, 0);
    KdIndex first(some, 1);
    BOOST_TEST(first.buckets().size() == 50u);   // leaf size 1: one point per bucket
    KdIndex moved(std::move(first));
    BOOST_TEST(moved.size() == 50u);
    BOOST_TEST(&moved.points() == &some);
    BOOST_TEST(same_neighbors(moved.radius_search(q, 0.3), brute_radius(some, q, 0.3)));
    BOOST_TEST(same_neighbors(moved.k_nearest(q, 50), brute_nearest(some, q, 50)));
}

BOOST_AUTO_TEST_SUITE_END()
