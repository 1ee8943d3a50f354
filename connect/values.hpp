#pragma once
// Weights and delays of the edges of one query neuron. They come from keyed streams of that
// neuron (purpose::weight / purpose::delay), so they depend neither on threads nor on how many
// draws the partner choice needed.
#include <cstdint>
#include <span>

#include "connect/spec.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace neurowire::connect {

struct Problem;

enum class value_role { weight, delay };

class ValueDraw {
public:
    ValueDraw(const Value& value, value_role role);
    bool needs_distance() const { return value_.kind == value_kind::distance; }
    bool is_constant() const { return value_.kind == value_kind::constant; }
    // One value; `distance` is used only by distance-dependent values.
    float draw(rng::engine& g, double distance) const;

private:
    Value value_;
    value_role role_;
};

// Fills weight[i], delay[i] for the edges between query q and partners[i].
void draw_values(const Problem& problem, const ValueDraw& weight, const ValueDraw& delay, seed_t seed,
                 std::uint64_t projection_index, index_t q, std::span<const index_t> partners,
                 float* weight_out, float* delay_out);

}  // namespace neurowire::connect
