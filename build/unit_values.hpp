#pragma once
// Per-unit values of a population's parameters and initial state: a scalar broadcast to every
// unit, one value per unit (a list, or a file's values read by the spec), or a distribution drawn per unit.
#include <cstdint>
#include <string>
#include <vector>

#include "connect/spec.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"

namespace neurowire::build {

struct UnitValues {
    enum class kind { scalar, list, distribution };
    kind form = kind::scalar;
    double scalar = 0.0;
    std::vector<double> values;        // list
    connect::Value distribution;       // uniform, normal (optionally clipped) or lognormal

    UnitValues() = default;
    UnitValues(double v) : scalar(v) {}   // NOLINT: a number is the common case
    static UnitValues constant(double v) { return UnitValues(v); }
    static UnitValues list(std::vector<double> v);
    static UnitValues drawn(const connect::Value& distribution);

    bool is_scalar() const { return form == kind::scalar; }
};

// Where the draws of a distribution come from: unit i of population `population` draws its value
// of variable number `variable` (its place among the template's params or states) from
// rng::stream(seed, what, population·4096 + variable, i) — its own stream, so values do not
// depend on threads, on the other variables, or on the population size.
struct DrawKey {
    seed_t seed = 0;
    rng::purpose what = rng::purpose::params;
    std::uint64_t population = 0;
    std::uint64_t variable = 0;
};

// The N values (1 value for a scalar). `key_path` names the value in errors (e.g.
// "populations.e.params.tau"); a list or file of the wrong length is a config_error.
std::vector<double> resolve_unit_values(const UnitValues& v, index_t n, const DrawKey& key,
                                        const std::string& key_path);

}  // namespace neurowire::build
