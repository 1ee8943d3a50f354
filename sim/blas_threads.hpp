#pragma once
// OpenBLAS's thread count, set through its API.
//
// Armadillo hands every dense mat-vec to the BLAS it links (OpenBLAS on Debian), which runs it on
// its own thread pool: --threads does not reach it, and a 100 × 100 mat-vec (microseconds) split
// over threads that spin and wake on a busy machine took 80 times as long as on one thread. The
// runner therefore sets OpenBLAS's thread count itself, around each dense mat-vec: its own
// thread count for large products, one for small ones (blas_parallel_min_elements). Without
// OpenBLAS (another BLAS behind Armadillo) nothing is set and available() is false.
#include <cstdint>

namespace neurowire::sim::blas {

// A dense mat-vec of fewer elements (n_target × n_source) than this stays on the calling thread.
// Measured with `bench run` (wc_*), dgemv on two threads first pays at 512 × 512 on an idle
// machine; smaller products lose more to waking the second thread than they gain.
inline constexpr std::uint64_t parallel_min_elements = 512ull * 512ull;

// True if OpenBLAS's thread API is present in the process.
bool available();
// OpenBLAS's current thread count (1 without OpenBLAS).
int threads();
// Sets it, if OpenBLAS is present and the count differs.
void set_threads(int n);

// Sets the count for a scope and restores the previous one at its end.
class ThreadScope {
public:
    explicit ThreadScope(int n) : saved_(threads()) { set_threads(n); }
    ~ThreadScope() { set_threads(saved_); }
    ThreadScope(const ThreadScope&) = delete;
    ThreadScope& operator=(const ThreadScope&) = delete;

private:
    int saved_;
};

}  // namespace neurowire::sim::blas
