#pragma once
// Distance kernels evaluated on squared distances (the k-d tree hands those out, and the
// gaussian needs no square root). Every kernel is non-increasing in d with K(0) <= 1, which is
// what makes the envelopes of the exact samplers valid bounds.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "connect/spec.hpp"

namespace neurowire::connect {

// e^(−x) for x >= 0 in plain arithmetic, so that loops over it vectorise (std::exp is a library
// call). Cody–Waite reduction x = n·ln2 − r with |r| <= ln2/2, a degree-13 Taylor polynomial
// (truncation below 1e-17) and 2^n put into the exponent bits: within 4e-15 of std::exp.
// Beyond x = 708 (e^(−x) < 1e-307) it returns e^(−708), an upper bound, as envelopes need.
inline double exp_neg(double x) {
    const double y = -std::min(x, 708.0);
    constexpr double shifter = 0x1.8p52;   // adding it rounds to an integer held in the low bits
    const double t = y * 1.4426950408889634 + shifter;
    const double n = t - shifter;
    // ln 2 split so that n·hi is exact for |n| < 2^11: hi carries 32 significant bits.
    const double r = (y - n * 0x1.62e42fee00000p-1) - n * 0x1.a39ef35793c76p-33;
    double p = 1.0 / 6227020800.0;
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const std::uint64_t scale = (std::bit_cast<std::uint64_t>(t) + 1023) << 52;
    return p * std::bit_cast<double>(scale);
}

// x[i] = exp_neg(x[i]) for a batch, compiled for the machine's widest vectors (eight lanes
// with AVX-512): the acceptance ratios and envelopes of the bucket sampler.
void exp_neg_each(double* x, std::size_t n);

struct KernelFn {
    kernel_kind kind = kernel_kind::none;
    double inv_two_sigma2 = 0.0;   // gaussian
    double inv_lambda = 0.0;       // exponential
    double radius = 0.0;           // step, linear
    double radius2 = 0.0;

    explicit KernelFn(const Kernel& k) : kind(k.kind) {
        if (kind == kernel_kind::gaussian) inv_two_sigma2 = 1.0 / (2.0 * k.sigma * k.sigma);
        if (kind == kernel_kind::exponential) inv_lambda = 1.0 / k.lambda;
        if (kind == kernel_kind::step || kind == kernel_kind::linear) {
            radius = k.radius;
            radius2 = k.radius * k.radius;
        }
    }

    double operator()(double d2) const {
        switch (kind) {
            case kernel_kind::gaussian: return std::exp(-d2 * inv_two_sigma2);
            case kernel_kind::exponential: return std::exp(-std::sqrt(d2) * inv_lambda);
            case kernel_kind::step: return d2 <= radius2 ? 1.0 : 0.0;
            case kernel_kind::linear: return std::max(0.0, 1.0 - std::sqrt(d2) / radius);
            case kernel_kind::none: break;
        }
        return 1.0;
    }

    // For the kernels with unbounded support, K(d²) = exp(−exponent(d²)).
    double exponent(double d2) const {
        return kind == kernel_kind::gaussian ? d2 * inv_two_sigma2 : std::sqrt(d2) * inv_lambda;
    }

    // Kernels that are exactly zero beyond a radius need no far field at all.
    bool compact() const { return kind == kernel_kind::step || kind == kernel_kind::linear; }
    double support_radius() const {
        return compact() ? radius : std::numeric_limits<double>::infinity();
    }

    // The radius where K falls to `ratio`·K(0): beyond it every weight is <= K(r), so K(r) is
    // the far-field envelope. Only meaningful for kernels with unbounded support.
    double cutoff_radius(double ratio) const {
        const double log_inverse = -std::log(ratio);
        if (kind == kernel_kind::gaussian) return std::sqrt(log_inverse / inv_two_sigma2);
        if (kind == kernel_kind::exponential) return log_inverse / inv_lambda;
        return support_radius();
    }

    // A near radius r for a query whose nearest candidate is at d_nn, such that
    // K(r) <= K(d_nn)·K(base)/K(0): the far envelope stays a tiny share of the near mass even
    // for a query far from every candidate (where K(base) alone would dwarf the true mass and
    // the far-field rejection would practically never accept).
    double near_radius_around(double d_nn, double base) const {
        if (kind == kernel_kind::gaussian) return std::sqrt(d_nn * d_nn + base * base);
        if (kind == kernel_kind::exponential) return d_nn + base;
        return base;
    }
};

}  // namespace neurowire::connect
