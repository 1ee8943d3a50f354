#pragma once
// Arithmetic on sizes taken from input (file headers, specs, command lines): an overflow is
// reported to the caller, never wrapped. Unsigned wrap-around is defined behaviour, so no
// sanitizer would catch it: every product or sum of input-derived sizes goes through here.
#include <cstdint>
#include <optional>

namespace neurowire {

// a * b, or nullopt when the product does not fit in 64 bits.
inline std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b) {
    std::uint64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
    return r;
}

// a + b, or nullopt when the sum does not fit in 64 bits.
inline std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
    std::uint64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
    return r;
}

// 10 * a + digit, for parsers of decimal numbers; nullopt on overflow.
inline std::optional<std::uint64_t> append_digit(std::uint64_t a, unsigned digit) {
    const auto times_ten = checked_mul(a, 10);
    return times_ten ? checked_add(*times_ten, digit) : std::nullopt;
}

}  // namespace neurowire
