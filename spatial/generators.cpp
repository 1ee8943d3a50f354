#include "spatial/generators.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/platform/memory_budget.hpp"
#include "core/rng.hpp"
#include "spatial/format.hpp"

namespace neurowire::spatial {
namespace {

// Spacings that agree to this relative tolerance count as equal: far below the difference made by
// one more or one fewer point on an axis (relative 1/count >= 2.3e-10 for counts < 2^32), far
// above the rounding of side/count.
constexpr double spacing_tolerance = 1e-9;

// Every generator's coordinate table, checked against the memory budget before it is allocated.
void size_coords(Positions& out, std::size_t dims, std::uint64_t n) {
    platform::check_memory("positions of " + std::to_string(n) + " points in " + std::to_string(dims) + " dimensions",
                           double(n) * double(dims) * 8.0);
    out.coords.set_size(dims, static_cast<arma::uword>(n));
}

void check_vector(const arma::vec& v, const std::string& key) {
    if (v.n_elem < 1 || v.n_elem > 3)
        throw config_error(key, "1 to 3 values (one per axis)", std::to_string(v.n_elem) + " values");
    for (std::size_t axis = 0; axis < v.n_elem; ++axis)
        if (!std::isfinite(v(axis)))
            throw config_error(key + "[" + std::to_string(axis) + "]", "a finite number", number_text(v(axis)));
}

std::string sides_text(const Extent& extent) {
    std::string text;
    for (std::size_t axis = 0; axis < extent.dims(); ++axis)
        text += (axis ? " x " : "") + number_text(extent.side(axis));
    return text;
}

// Equal spacing s on every axis means count_a = side_a / s with product n, which fixes s; so the
// only candidate is count_a = round(side_a / s), and it either fits exactly or nothing does.
std::optional<std::vector<index_t>> equal_spacing_counts(std::uint64_t n, const Extent& extent) {
    const std::size_t dims = extent.dims();
    double volume = 1.0;
    for (std::size_t axis = 0; axis < dims; ++axis) volume *= extent.side(axis);
    const double spacing = std::pow(volume / static_cast<double>(n), 1.0 / static_cast<double>(dims));
    std::vector<index_t> counts(dims);
    std::uint64_t product = 1;
    double min_spacing = std::numeric_limits<double>::infinity();
    double max_spacing = 0.0;
    for (std::size_t axis = 0; axis < dims; ++axis) {
        const double count = std::round(extent.side(axis) / spacing);
        if (!(count >= 1.0) || count > static_cast<double>(n)) return std::nullopt;
        counts[axis] = static_cast<index_t>(count);
        product *= counts[axis];   // each factor <= n < 2^32 and we stop once above n: no overflow
        if (product > n) return std::nullopt;
        const double axis_spacing = extent.side(axis) / count;
        min_spacing = std::min(min_spacing, axis_spacing);
        max_spacing = std::max(max_spacing, axis_spacing);
    }
    if (product != n || max_spacing > min_spacing * (1.0 + spacing_tolerance)) return std::nullopt;
    return counts;
}

// For the error message: the nearest sizes below and above n that do fill the extent, if any lies
// within a bounded search (irrational side ratios have none).
std::string nearest_grid_sizes(std::uint64_t n, const Extent& extent) {
    constexpr std::uint64_t max_steps = 1u << 20;
    std::optional<std::uint64_t> below, above;
    for (std::uint64_t step = 1; step <= max_steps && (!below || !above); ++step) {
        if (!below && step < n && equal_spacing_counts(n - step, extent)) below = n - step;
        if (!above && n + step <= std::numeric_limits<index_t>::max() && equal_spacing_counts(n + step, extent))
            above = n + step;
    }
    if (below && above) return " (the nearest that do are " + std::to_string(*below) + " and " + std::to_string(*above) + ")";
    if (below) return " (the nearest that does is " + std::to_string(*below) + ")";
    if (above) return " (the nearest that does is " + std::to_string(*above) + ")";
    return " (no size near it does: the side ratios are not rational enough)";
}

Extent open_box(const arma::vec& low, const arma::vec& high) {
    Extent extent;
    extent.low = low;
    extent.high = high;
    extent.periodic.assign(low.n_elem, false);
    return extent;
}

}  // namespace

Positions grid(const std::vector<index_t>& counts, const Extent& extent) {
    check_extent(extent);
    const std::size_t dims = extent.dims();
    if (counts.size() != dims)
        throw config_error("counts", "one count per axis (" + std::to_string(dims) + ")",
                           std::to_string(counts.size()) + " counts");
    std::uint64_t total = 1;
    for (std::size_t axis = 0; axis < dims; ++axis) {
        if (counts[axis] < 1)
            throw config_error("counts[" + std::to_string(axis) + "]", "at least 1 point per axis", "0");
        total *= counts[axis];
        if (total > std::numeric_limits<index_t>::max())
            throw config_error("counts", "at most " + std::to_string(std::numeric_limits<index_t>::max()) +
                                             " points in total", "a product of " + std::to_string(total) + " or more");
    }
    Positions out;
    out.extent = extent;
    size_coords(out, dims, total);
    // Axis coordinates are computed once per axis, so every point of a row/column is bitwise equal.
    std::vector<std::vector<double>> axis_values(dims);
    for (std::size_t axis = 0; axis < dims; ++axis) {
        axis_values[axis].resize(counts[axis]);
        for (index_t i = 0; i < counts[axis]; ++i)
            axis_values[axis][i] = extent.low(axis) + (i + 0.5) * extent.side(axis) / counts[axis];
    }
    const std::int64_t n = static_cast<std::int64_t>(total);
#pragma omp parallel for schedule(static)
    for (std::int64_t p = 0; p < n; ++p) {
        std::uint64_t rest = static_cast<std::uint64_t>(p);
        double* column = out.coords.colptr(static_cast<arma::uword>(p));
        for (std::size_t axis = 0; axis < dims; ++axis) {
            column[axis] = axis_values[axis][rest % counts[axis]];
            rest /= counts[axis];
        }
    }
    return out;
}

Positions grid(index_t n, const Extent& extent) {
    check_extent(extent);
    if (n < 1) throw config_error("size", "at least 1 point", "0");
    if (extent.dims() == 1) return grid(std::vector<index_t>{n}, extent);
    const auto counts = equal_spacing_counts(n, extent);
    if (!counts)
        throw config_error("size", "a number of points that fills the " + sides_text(extent) +
                                       " extent as a grid of equal spacing" + nearest_grid_sizes(n, extent),
                           std::to_string(n));
    return grid(*counts, extent);
}

Positions uniform_box(index_t n, const Extent& extent, seed_t seed, std::uint64_t population) {
    check_extent(extent);
    const std::size_t dims = extent.dims();
    Positions out;
    out.extent = extent;
    size_coords(out, dims, n);
    const std::int64_t count = n;
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < count; ++i) {
        auto g = rng::stream(seed, rng::purpose::positions, population, static_cast<std::uint64_t>(i));
        double* column = out.coords.colptr(static_cast<arma::uword>(i));
        for (std::size_t axis = 0; axis < dims; ++axis)
            column[axis] = rng::uniform(g, extent.low(axis), extent.high(axis));
    }
    return out;
}

Positions uniform_ball(index_t n, const arma::vec& center, double radius, seed_t seed, std::uint64_t population) {
    check_vector(center, "center");
    if (!std::isfinite(radius) || !(radius > 0.0))
        throw config_error("radius", "a finite radius > 0", number_text(radius));
    const std::size_t dims = center.n_elem;
    Positions out;
    out.extent = open_box(center - radius, center + radius);
    size_coords(out, dims, n);
    const std::int64_t count = n;
    // Rejection from the enclosing cube: exact, and each neuron's retries use only its own stream,
    // so the result stays a function of (seed, population, i). Acceptance is >= pi/6 in 3-D.
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < count; ++i) {
        auto g = rng::stream(seed, rng::purpose::positions, population, static_cast<std::uint64_t>(i));
        double u[3];
        double norm2;
        do {
            norm2 = 0.0;
            for (std::size_t axis = 0; axis < dims; ++axis) {
                u[axis] = rng::uniform(g, -1.0, 1.0);
                norm2 += u[axis] * u[axis];
            }
        } while (norm2 > 1.0);
        double* column = out.coords.colptr(static_cast<arma::uword>(i));
        for (std::size_t axis = 0; axis < dims; ++axis) column[axis] = center(axis) + radius * u[axis];
    }
    return out;
}

Positions gaussian(index_t n, const arma::vec& mean, const arma::vec& std, seed_t seed, std::uint64_t population) {
    check_vector(mean, "mean");
    check_vector(std, "std");
    const std::size_t dims = mean.n_elem;
    if (std.n_elem != dims)
        throw config_error("std", "one value per axis of mean (" + std::to_string(dims) + ")",
                           std::to_string(std.n_elem) + " values");
    for (std::size_t axis = 0; axis < dims; ++axis)
        if (std(axis) < 0.0)
            throw config_error("std[" + std::to_string(axis) + "]", "a standard deviation >= 0", number_text(std(axis)));
    Positions out;
    size_coords(out, dims, n);
    const std::int64_t count = n;
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < count; ++i) {
        auto g = rng::stream(seed, rng::purpose::positions, population, static_cast<std::uint64_t>(i));
        double* column = out.coords.colptr(static_cast<arma::uword>(i));
        for (std::size_t axis = 0; axis < dims; ++axis) column[axis] = rng::normal(g, mean(axis), std(axis));
    }
    // The cloud has no natural box: its extent is where the points are (the mean alone if none).
    if (n == 0) out.extent = open_box(mean, mean);
    else out.extent = open_box(arma::min(out.coords, 1), arma::max(out.coords, 1));
    return out;
}

}  // namespace neurowire::spatial
