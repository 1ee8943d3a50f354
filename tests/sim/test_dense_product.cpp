// The dense product y += W·x: every y_i summed over the columns in order, so the bits equal an
// independent sequential loop, whatever the blocking, the vector width or the thread count.
#include <cstdint>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/rng.hpp"
#include "sim/dense_product.hpp"

using neurowire::sim::dense_multiply_add;

namespace {

std::vector<double> random_values(std::size_t n, std::uint64_t seed) {
    auto rng = neurowire::rng::stream(seed, neurowire::rng::purpose::weight, 0, 0);
    std::vector<double> v(n);
    // Mixed signs and magnitudes, so that summation order shows in the last bits.
    for (auto& x : v) x = (neurowire::rng::uniform01(rng) - 0.5) * (1.0 + 1e6 * neurowire::rng::uniform01(rng));
    return v;
}

// y_i + W_i0·x_0 + W_i1·x_1 + … in this order, one rounding per operation.
std::vector<double> reference(const std::vector<double>& w, std::uint32_t rows, std::uint32_t cols,
                              const std::vector<double>& x, std::vector<double> y) {
    for (std::uint32_t i = 0; i < rows; ++i) {
        volatile double s = y[i];   // volatile: no reassociation or contraction by the optimiser
        for (std::uint32_t j = 0; j < cols; ++j) {
            const double p = w[static_cast<std::size_t>(j) * rows + i] * x[j];
            s = s + p;
        }
        y[i] = s;
    }
    return y;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dense_product)

BOOST_AUTO_TEST_CASE(equals_the_sequential_sum_for_any_shape_and_thread_count) {
    // Shapes across the 2048-row blocks and the 4-column passes (remainders 0…3), small and
    // large enough to take threads.
    const std::uint32_t shapes[][2] = {{1, 1}, {7, 3}, {100, 100}, {2048, 5}, {2049, 6}, {5000, 131}, {3, 4099}};
    for (const auto& shape : shapes) {
        const std::uint32_t rows = shape[0], cols = shape[1];
        const auto w = random_values(std::size_t{rows} * cols, 1);
        const auto x = random_values(cols, 2);
        const auto y0 = random_values(rows, 3);
        const auto expect = reference(w, rows, cols, x, y0);
        for (const int threads : {1, 2, 3}) {
            std::vector<double> y = y0;
            dense_multiply_add(w.data(), rows, cols, x.data(), y.data(), threads);
            std::size_t differ = 0;
            for (std::uint32_t i = 0; i < rows; ++i) differ += y[i] != expect[i];
            BOOST_TEST(differ == 0u, rows << "×" << cols << ", " << threads << " threads: " << differ << " rows differ");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
