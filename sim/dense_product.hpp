#pragma once
// y += W·x for a dense column-major matrix (continuous projections without a sparse matrix).
//
// Not BLAS: gemv kernels sum in CPU-specific orders (OpenBLAS's Zen, Haswell and SkylakeX kernels
// give different last bits for the same W and x), so a run's output would depend on the machine.
// Here every y_i is summed over j = 0, 1, …, m−1 in that order, y_i + W_i0·x_0 + W_i1·x_1 + …,
// each operation rounded on its own: the bits depend on W, x and y alone — not on the CPU, the
// vector width, nor the number of threads, which take whole blocks of rows.
#include <cstdint>

namespace neurowire::sim {

// y[0…rows) += W·x, W column-major rows × cols (leading dimension rows). `threads` > 1 splits
// the rows among that many OpenMP threads when the product is large enough to pay for it.
void dense_multiply_add(const double* w, std::uint32_t rows, std::uint32_t cols, const double* x, double* y,
                        int threads = 1);

}  // namespace neurowire::sim
