#include "sim/dense_product.hpp"

#include <algorithm>

#include "core/vector_clones.hpp"

namespace neurowire::sim {

namespace {

// Rows per block: the block's partial sums stay in L1 while the columns stream past.
constexpr std::uint32_t rows_per_block = 256;

// Rows [begin, end): four columns per pass over the partial sums (the additions stay in column
// order, so this is the one-column loop with fewer loads and stores of `acc`).
NEUROWIRE_VECTOR_CLONES
void add_rows(const double* __restrict w, std::uint64_t ld, std::uint32_t n_cols, const double* __restrict x,
              double* __restrict y, std::uint32_t begin, std::uint32_t end) {
    alignas(64) double acc[rows_per_block];
    const std::uint32_t n = end - begin;
    for (std::uint32_t i = 0; i < n; ++i) acc[i] = 0.0;
    std::uint32_t j = 0;
    for (; j + 4 <= n_cols; j += 4) {
        const double* __restrict c0 = w + j * ld + begin;
        const double* __restrict c1 = c0 + ld;
        const double* __restrict c2 = c1 + ld;
        const double* __restrict c3 = c2 + ld;
        const double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
        for (std::uint32_t i = 0; i < n; ++i) acc[i] = (((acc[i] + c0[i] * x0) + c1[i] * x1) + c2[i] * x2) + c3[i] * x3;
    }
    for (; j < n_cols; ++j) {
        const double* __restrict c = w + j * ld + begin;
        const double xj = x[j];
        for (std::uint32_t i = 0; i < n; ++i) acc[i] += c[i] * xj;
    }
    for (std::uint32_t i = 0; i < n; ++i) y[begin + i] += acc[i];
}

}  // namespace

int dense_product_threads(const arma::mat& w, int threads) {
    const auto blocks = static_cast<int>((w.n_rows + rows_per_block - 1) / rows_per_block);
    if (threads <= 1 || static_cast<std::uint64_t>(w.n_elem) < dense_parallel_min_elements) return 1;
    return std::max(1, std::min(threads, blocks));
}

void add_dense_product(const arma::mat& w, const double* x, double* y, int threads) {
    const auto n_rows = static_cast<std::uint32_t>(w.n_rows), n_cols = static_cast<std::uint32_t>(w.n_cols);
    const std::int64_t blocks = (n_rows + rows_per_block - 1) / rows_per_block;
    const int use = dense_product_threads(w, threads);
    const double* data = w.memptr();
#pragma omp parallel for num_threads(use) schedule(static) if (use > 1)
    for (std::int64_t b = 0; b < blocks; ++b) {
        const auto begin = static_cast<std::uint32_t>(b) * rows_per_block;
        add_rows(data, n_rows, n_cols, x, y, begin, std::min(begin + rows_per_block, n_rows));
    }
}

}  // namespace neurowire::sim
