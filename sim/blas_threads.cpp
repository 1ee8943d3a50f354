#include "sim/blas_threads.hpp"

// OpenBLAS's own API (cblas.h of libopenblas-dev declares them; Armadillo's headers do not).
// Weak: the program links Armadillo, not OpenBLAS by name, and with another BLAS behind Armadillo
// these resolve to null.
extern "C" {
void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
}

namespace neurowire::sim::blas {

bool available() { return openblas_set_num_threads != nullptr && openblas_get_num_threads != nullptr; }

int threads() { return available() ? openblas_get_num_threads() : 1; }

void set_threads(int n) {
    if (!available() || n < 1 || openblas_get_num_threads() == n) return;
    openblas_set_num_threads(n);
}

}  // namespace neurowire::sim::blas
