#include "connect/values.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

#include "connect/problem.hpp"

namespace neurowire::connect {

ValueDraw::ValueDraw(const Value& value, value_role role) : value_(value), role_(role) {}

float ValueDraw::draw(rng::engine& g, double distance) const {
    const Value& v = value_;
    double x = v.value;
    switch (v.kind) {
        case value_kind::constant: x = v.value; break;
        case value_kind::uniform: x = rng::uniform(g, v.low, v.high); break;
        case value_kind::normal: {
            x = rng::normal(g, v.mean, v.std);
            // A delay below zero has no meaning: delays are clipped at `min`, which defaults to 0.
            const double low = v.min ? *v.min : (role_ == value_role::delay ? 0.0 : -HUGE_VAL);
            const double high = v.max ? *v.max : HUGE_VAL;
            x = std::clamp(x, low, high);
            break;
        }
        case value_kind::lognormal: x = std::exp(rng::normal(g, v.mu, v.sigma)); break;
        case value_kind::distance:
            x = role_ == value_role::weight ? v.w0 * std::exp(-distance / v.scale)
                                            : v.offset + distance / v.velocity;
            break;
    }
    // A draw beyond float32 (a wide normal without bounds, a lognormal of large mu, a distance
    // delay at a tiny velocity) is refused, never stored as ±inf.
    if (!(std::fabs(x) <= static_cast<double>(std::numeric_limits<float>::max())))
        throw config_error(role_ == value_role::weight ? "weight" : "delay",
                           "values that fit float32 (magnitude at most 3.4e38)", "a drawn value " + std::to_string(x));
    return static_cast<float>(x);
}

void draw_values(const Problem& problem, const ValueDraw& weight, const ValueDraw& delay, seed_t seed,
                 std::uint64_t projection_index, index_t q, std::span<const index_t> partners,
                 float* weight_out, float* delay_out) {
    if (weight.is_constant() && delay.is_constant()) {
        rng::engine unused;
        std::fill(weight_out, weight_out + partners.size(), weight.draw(unused, 0.0));
        std::fill(delay_out, delay_out + partners.size(), delay.draw(unused, 0.0));
        return;
    }
    const bool need_distance = weight.needs_distance() || delay.needs_distance();
    auto weight_stream = rng::stream(seed, rng::purpose::weight, projection_index, q);
    auto delay_stream = rng::stream(seed, rng::purpose::delay, projection_index, q);
    for (std::size_t i = 0; i < partners.size(); ++i) {
        const double d = need_distance ? std::sqrt(problem.squared_distance(q, partners[i])) : 0.0;
        weight_out[i] = weight.draw(weight_stream, d);
        delay_out[i] = delay.draw(delay_stream, d);
    }
}

}  // namespace neurowire::connect
