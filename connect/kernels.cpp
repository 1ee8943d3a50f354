#include "connect/kernels.hpp"

#include "core/vector_clones.hpp"

namespace neurowire::connect {

NEUROWIRE_VECTOR_CLONES void exp_neg_each(double* x, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) x[i] = exp_neg(x[i]);
}

}  // namespace neurowire::connect
