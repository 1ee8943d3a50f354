#include "build/unit_values.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace neurowire::build {

UnitValues UnitValues::list(std::vector<double> v) {
    UnitValues u;
    u.form = kind::list;
    u.values = std::move(v);
    return u;
}

UnitValues UnitValues::drawn(const connect::Value& distribution) {
    if (distribution.kind == connect::value_kind::constant) return UnitValues(distribution.value);
    UnitValues u;
    u.form = kind::distribution;
    u.distribution = distribution;
    return u;
}

namespace {

double draw(const connect::Value& d, rng::engine& g, const std::string& key_path) {
    switch (d.kind) {
        case connect::value_kind::constant: return d.value;
        case connect::value_kind::uniform: return rng::uniform(g, d.low, d.high);
        case connect::value_kind::normal: {
            double x = rng::normal(g, d.mean, d.std);
            if (d.min && x < *d.min) x = *d.min;
            if (d.max && x > *d.max) x = *d.max;
            return x;
        }
        case connect::value_kind::lognormal: return std::exp(rng::normal(g, d.mu, d.sigma));
        case connect::value_kind::distance: break;
    }
    throw config_error(key_path, "a number, a list, {file: x.npy} or a uniform/normal/lognormal distribution",
                       "a distance-dependent value (only weights and delays depend on distance)");
}

void check_finite(const std::vector<double>& v, const std::string& key_path) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]))
            throw config_error(key_path + "[" + std::to_string(i) + "]", "a finite number", std::to_string(v[i]));
}

}  // namespace

std::vector<double> resolve_unit_values(const UnitValues& v, index_t n, const DrawKey& key, const std::string& key_path) {
    std::vector<double> out;
    switch (v.form) {
        case UnitValues::kind::scalar:
            out = {v.scalar};
            break;
        case UnitValues::kind::list:
            if (v.values.size() != n && v.values.size() != 1)
                throw config_error(key_path, "1 or " + std::to_string(n) + " values (one per unit)",
                                   std::to_string(v.values.size()) + " values");
            out = v.values;
            break;
        case UnitValues::kind::distribution: {
            out.resize(n);
            const std::uint64_t group = key.population * 4096 + key.variable;
            for (index_t i = 0; i < n; ++i) {
                rng::engine g = rng::stream(key.seed, key.what, group, i);
                out[i] = draw(v.distribution, g, key_path);
            }
            break;
        }
    }
    check_finite(out, key_path);
    return out;
}

}  // namespace neurowire::build
