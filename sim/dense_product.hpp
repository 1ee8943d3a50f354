#pragma once
// The dense mat-vec of continuous projections, y += W · x, written here rather than handed to
// BLAS: OpenBLAS splits a product over its threads in pieces whose rounding differs (two threads
// gave other bits than one for a 100 × 100 product), and its kernels differ from one instruction
// set to the next, which would break the determinism contract (docs/architecture.md).
//
// Each row sums its products in ascending column order, starting from zero, and adds the sum to
// y last: y[i] += (((0 + W(i,0)·x0) + W(i,1)·x1) + …). Rows are independent, so the rows can be
// split into blocks over any number of threads and the bits stay the same; the loop runs down
// the columns (W is column-major) and vectorises across rows.
#include <cstdint>

#include <armadillo>

namespace neurowire::sim {

// A product of fewer elements (rows × columns) than this runs on the calling thread: below it
// waking a second thread costs more than it saves (`bench run wc_*`, two cores).
inline constexpr std::uint64_t dense_parallel_min_elements = 512ull * 512ull;

// y += W · x on up to `threads` threads (one if W is smaller than dense_parallel_min_elements).
void add_dense_product(const arma::mat& w, const double* x, double* y, int threads);

// Threads add_dense_product uses for W with `threads` available.
int dense_product_threads(const arma::mat& w, int threads);

}  // namespace neurowire::sim
