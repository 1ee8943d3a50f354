// Checks of a Projection at the entry of generate(). Key paths are relative to the projection;
// the YAML layer prefixes them with the projection's own path.
#include <cmath>
#include <limits>
#include <string>

#include "connect/rules.hpp"
#include "core/error.hpp"
#include "core/threads.hpp"

namespace neurowire::connect {
namespace {

std::string str(double x) {
    std::string s = std::to_string(x);
    while (s.size() > 1 && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

void require_positive(double x, const std::string& key) {
    if (!(std::isfinite(x) && x > 0.0)) throw config_error(key, "a finite number > 0", str(x));
}

void require_finite(double x, const std::string& key) {
    if (!std::isfinite(x)) throw config_error(key, "a finite number", str(x));
}

// Weights and delays are stored as float32: a parameter beyond its range would become ±inf.
void require_float32(double x, const std::string& key) {
    require_finite(x, key);
    if (std::fabs(x) > static_cast<double>(std::numeric_limits<float>::max()))
        throw config_error(key, "a number that fits float32 (magnitude at most 3.4e38)", str(x));
}

const char* rule_name(rule_kind k) {
    switch (k) {
        case rule_kind::all_to_all: return "all_to_all";
        case rule_kind::one_to_one: return "one_to_one";
        case rule_kind::pairwise_bernoulli: return "pairwise_bernoulli";
        case rule_kind::fixed_outdegree: return "fixed_outdegree";
        case rule_kind::fixed_indegree: return "fixed_indegree";
        case rule_kind::fixed_total_number: return "fixed_total_number";
    }
    return "unknown";
}

void validate_kernel(const Kernel& k) {
    switch (k.kind) {
        case kernel_kind::none: return;
        case kernel_kind::gaussian: require_positive(k.sigma, "kernel.sigma"); return;
        case kernel_kind::exponential: require_positive(k.lambda, "kernel.lambda"); return;
        case kernel_kind::step:
        case kernel_kind::linear: require_positive(k.radius, "kernel.radius"); return;
    }
    throw config_error("kernel.kind", "one of gaussian, exponential, step, linear",
                       "value " + std::to_string(int(k.kind)));
}

void validate_mask(const Mask& m, std::size_t dims) {
    switch (m.kind) {
        case mask_kind::none: return;
        case mask_kind::ball: require_positive(m.radius, "mask.radius"); return;
        case mask_kind::annulus:
            require_finite(m.inner, "mask.inner");
            require_positive(m.outer, "mask.outer");
            if (!(m.inner >= 0.0 && m.inner < m.outer))
                throw config_error("mask.inner", "0 <= inner < outer (" + str(m.outer) + ")", str(m.inner));
            return;
        case mask_kind::box:
            if (m.lower.size() != dims || m.upper.size() != dims)
                throw config_error("mask.lower", std::to_string(dims) + " values in lower and upper (one per axis)",
                                   std::to_string(m.lower.size()) + " and " + std::to_string(m.upper.size()));
            for (std::size_t a = 0; a < dims; ++a) {
                require_finite(m.lower[a], "mask.lower");
                require_finite(m.upper[a], "mask.upper");
                if (m.lower[a] > m.upper[a])
                    throw config_error("mask.upper", "upper >= lower on every axis",
                                       str(m.upper[a]) + " < " + str(m.lower[a]) + " on axis " + std::to_string(a));
            }
            return;
    }
    throw config_error("mask.kind", "one of ball, box, annulus", "value " + std::to_string(int(m.kind)));
}

void validate_value(const Value& v, const std::string& key, bool is_delay) {
    switch (v.kind) {
        case value_kind::constant:
            require_float32(v.value, key);
            if (is_delay && v.value < 0.0) throw config_error(key, "a delay >= 0", str(v.value));
            return;
        case value_kind::uniform:
            require_float32(v.low, key + ".low");
            require_float32(v.high, key + ".high");
            if (v.low > v.high) throw config_error(key + ".high", "high >= low (" + str(v.low) + ")", str(v.high));
            if (is_delay && v.low < 0.0) throw config_error(key + ".low", "a delay >= 0", str(v.low));
            return;
        case value_kind::normal:
            require_float32(v.mean, key + ".mean");
            require_float32(v.std, key + ".std");
            if (v.std < 0.0) throw config_error(key + ".std", "std >= 0", str(v.std));
            if (v.min) require_float32(*v.min, key + ".min");
            if (v.max) require_float32(*v.max, key + ".max");
            if (v.min && v.max && *v.min > *v.max)
                throw config_error(key + ".max", "max >= min (" + str(*v.min) + ")", str(*v.max));
            return;
        case value_kind::lognormal:
            require_finite(v.mu, key + ".mu");
            require_finite(v.sigma, key + ".sigma");
            if (v.sigma < 0.0) throw config_error(key + ".sigma", "sigma >= 0", str(v.sigma));
            return;
        case value_kind::distance:
            if (is_delay) {
                require_positive(v.velocity, key + ".velocity");
                require_float32(v.offset, key + ".offset");
                if (v.offset < 0.0) throw config_error(key + ".offset", "a delay offset >= 0", str(v.offset));
            } else {
                require_float32(v.w0, key + ".w0");
                require_positive(v.scale, key + ".scale");
            }
            return;
    }
    throw config_error(key + ".kind", "one of constant, uniform, normal, lognormal, distance",
                       "value " + std::to_string(int(v.kind)));
}

void validate_positions(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
                        index_t n_target) {
    if (source->size() != n_source)
        throw config_error("source.positions", std::to_string(n_source) + " positions (the population size)",
                           std::to_string(source->size()));
    if (target->size() != n_target)
        throw config_error("target.positions", std::to_string(n_target) + " positions (the population size)",
                           std::to_string(target->size()));
    if (source->dims() != target->dims() || target->dims() < 1 || target->dims() > 3)
        throw config_error("target.positions", "source and target positions with the same 1-3 axes",
                           std::to_string(source->dims()) + " and " + std::to_string(target->dims()) + " axes");
    // A NaN or ±inf coordinate (from a file, an array handed over by Python) would make the
    // samplers' distances NaN and their draws never end.
    for (const auto& [positions, key] : {std::pair<const spatial::Positions*, const char*>{source, "source.positions"},
                                         std::pair<const spatial::Positions*, const char*>{target, "target.positions"}}) {
        const arma::mat& c = positions->coords;
        for (arma::uword k = 0; k < c.n_elem; ++k)
            if (!std::isfinite(c[k]))
                throw config_error(key, "finite coordinates",
                                   str(c[k]) + " at neuron " + std::to_string(k / c.n_rows) + ", axis " +
                                       std::to_string(k % c.n_rows));
    }
    for (std::size_t a = 0; a < target->dims(); ++a) {
        const bool ps = source->extent.is_periodic(a), pt = target->extent.is_periodic(a);
        if (ps != pt || (pt && (source->extent.side(a) != target->extent.side(a))))
            throw config_error("target.positions.periodic",
                               "source and target with the same periodic axes and sides (distances wrap on both)",
                               "a mismatch on axis " + std::to_string(a));
    }
}

}  // namespace

void validate(const spatial::Positions* source, const spatial::Positions* target, index_t n_source,
              index_t n_target, const Projection& projection, const Options& options) {
    const Rule& rule = projection.rule;
    check_thread_count(options.threads, "threads");
    if (std::string(rule_name(rule.kind)) == "unknown")
        throw config_error("rule.kind", "one of all_to_all, one_to_one, pairwise_bernoulli, fixed_outdegree, "
                                        "fixed_indegree, fixed_total_number",
                           "value " + std::to_string(int(rule.kind)));
    const bool has_positions = source != nullptr && target != nullptr;
    if (has_positions) validate_positions(source, target, n_source, n_target);
    const std::size_t dims = has_positions ? target->dims() : 0;
    validate_kernel(projection.kernel);
    validate_mask(projection.mask, dims);
    validate_value(projection.weight, "weight", false);
    validate_value(projection.delay, "delay", true);
    if (!has_positions) {
        auto need = [](const std::string& key) {
            return config_error(key, "source and target positions (the populations have none)", "no positions");
        };
        if (projection.kernel.kind != kernel_kind::none) throw need("kernel");
        if (projection.mask.kind != mask_kind::none) throw need("mask");
        if (projection.weight.kind == value_kind::distance) throw need("weight");
        if (projection.delay.kind == value_kind::distance) throw need("delay");
    }
    const std::string rule_text = rule_name(rule.kind);
    if (projection.same_population && n_source != n_target)
        throw config_error("same_population", "equal source and target sizes for one population",
                           std::to_string(n_source) + " and " + std::to_string(n_target));
    switch (rule.kind) {
        case rule_kind::all_to_all:
        case rule_kind::one_to_one:
            if (projection.kernel.kind != kernel_kind::none)
                throw config_error("kernel", "no kernel with rule " + rule_text +
                                                 " (a kernel weights a random choice: use pairwise_bernoulli or fixed_*)",
                                   "a kernel");
            if (rule.kind == rule_kind::one_to_one && n_source != n_target)
                throw config_error("rule.kind", "equal source and target sizes for one_to_one",
                                   std::to_string(n_source) + " and " + std::to_string(n_target));
            if (rule.kind == rule_kind::one_to_one && projection.same_population && !rule.autapses)
                throw config_error("rule.autapses", "true for one_to_one within one population (every edge is an autapse)",
                                   "false");
            break;
        case rule_kind::pairwise_bernoulli:
            if (!(rule.p >= 0.0 && rule.p <= 1.0)) throw config_error("rule.p", "a probability in [0, 1]", str(rule.p));
            break;
        case rule_kind::fixed_outdegree:
        case rule_kind::fixed_indegree: {
            const bool out = rule.kind == rule_kind::fixed_outdegree;
            const index_t n_query = out ? n_source : n_target;
            if (!rule.k_per_neuron.empty() && rule.k_per_neuron.size() != n_query)
                throw config_error("rule.k_per_neuron",
                                   std::to_string(n_query) + " values (one per " + (out ? "source" : "target") + ")",
                                   std::to_string(rule.k_per_neuron.size()));
            break;
        }
        case rule_kind::fixed_total_number:
            if (!rule.multapses && projection.kernel.kind != kernel_kind::none)
                throw config_error("rule.multapses", "true for fixed_total_number with a kernel", "false");
            break;
    }
    if (options.block_size == 0) throw config_error("options.block_size", "at least 1", "0");
    if (options.leaf_size == 0) throw config_error("options.leaf_size", "at least 1", "0");
    if (options.group_size == 0) throw config_error("options.group_size", "at least 1", "0");
    if (!(options.cutoff > 0.0 && options.cutoff < 1.0))
        throw config_error("options.cutoff", "a ratio in (0, 1)", str(options.cutoff));
    if (!(options.near_radius >= 0.0)) throw config_error("options.near_radius", "a radius >= 0", str(options.near_radius));
}

}  // namespace neurowire::connect
