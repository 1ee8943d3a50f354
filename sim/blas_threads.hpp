#pragma once
// OpenBLAS's thread count, set through its API.
//
// Armadillo hands dense products to the BLAS it links (OpenBLAS on Debian), which runs them on
// its own thread pool, sized by the machine's cores and not by --threads: a 100 × 100 mat-vec
// per step split over threads that spin and wake on a busy machine took 80 times as long as on
// one thread. The step loop does its dense mat-vecs itself (sim/dense_product.hpp) and, for
// anything else that reaches BLAS during a run, sets OpenBLAS's threads to the run's own
// (Simulator::advance). Without OpenBLAS (another BLAS behind Armadillo) nothing is set and
// available() is false.

namespace neurowire::sim::blas {

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
