#include "sim/dense_product.hpp"

#include <algorithm>
#include <cstddef>

#include <omp.h>

#include "core/vector_clones.hpp"

namespace neurowire::sim {

namespace {

// Rows per block: y's block (16 KB) stays in L1 while every column passes over it.
constexpr std::uint32_t block_rows = 2048;
// Below this many multiply-adds a product stays on the calling thread: waking threads costs more.
constexpr std::uint64_t parallel_work = std::uint64_t{1} << 18;

// Rows [begin, end): four columns per pass over the block, added one after another as the
// sequential sum would, so y is loaded and stored a quarter as often.
NEUROWIRE_VECTOR_CLONES
void multiply_add_rows(const double* w, std::uint32_t rows, std::uint32_t cols, const double* x, double* y,
                       std::uint32_t begin, std::uint32_t end) {
    const auto ld = static_cast<std::size_t>(rows);
    std::uint32_t j = 0;
    for (; j + 4 <= cols; j += 4) {
        const double* w0 = w + ld * j;
        const double* w1 = w0 + ld;
        const double* w2 = w1 + ld;
        const double* w3 = w2 + ld;
        const double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
        for (std::uint32_t i = begin; i < end; ++i) {
            double s = y[i] + w0[i] * x0;
            s = s + w1[i] * x1;
            s = s + w2[i] * x2;
            y[i] = s + w3[i] * x3;
        }
    }
    for (; j < cols; ++j) {
        const double* wj = w + ld * j;
        const double xj = x[j];
        for (std::uint32_t i = begin; i < end; ++i) y[i] = y[i] + wj[i] * xj;
    }
}

}  // namespace

void dense_multiply_add(const double* w, std::uint32_t rows, std::uint32_t cols, const double* x, double* y,
                        int threads) {
    const std::uint32_t blocks = (rows + block_rows - 1) / block_rows;
    const std::uint64_t work = std::uint64_t{rows} * cols;
    const int use = (threads > 1 && work >= parallel_work && !omp_in_parallel())
                        ? static_cast<int>(std::min<std::uint32_t>(static_cast<std::uint32_t>(threads), blocks))
                        : 1;
    // Nothing in the loop throws (no allocation), so no exception can leave the parallel region.
#pragma omp parallel for schedule(static) num_threads(use) if (use > 1)
    for (std::uint32_t b = 0; b < blocks; ++b) {
        const std::uint32_t begin = b * block_rows, end = std::min(rows, begin + block_rows);
        multiply_add_rows(w, rows, cols, x, y, begin, end);
    }
}

}  // namespace neurowire::sim
