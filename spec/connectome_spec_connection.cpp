// The connection part of a projection: rule, kernel, mask, weight and delay.
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "spec/connectome_spec.hpp"
#include "spec/schema.hpp"
#include "spec/connectome_spec_detail.hpp"
#include "spatial/format.hpp"
#include "io/npy.hpp"

namespace neurowire::spec {

namespace y = yaml;
using spatial::number_text;

namespace {

// The whole numbers >= 0 of a {file: x.npy} (any shape, read in C order); a fractional,
// negative or non-finite entry is refused with its index.
std::vector<std::uint64_t> counts_from_file(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    y::check_keys(node, path, ctx, schema::keys("unit_values.file"));
    const YAML::Node f = y::require(node, path, ctx, "file");
    const std::string fp = y::child(path, "file");
    const std::filesystem::path given(y::get_string(f, fp, ctx));
    const std::filesystem::path file = given.is_absolute() ? given : ctx.base_dir / given;
    io::Array a;
    try {
        a = io::read_npy(file);
    } catch (const file_error& e) {
        y::fail(f, fp, ctx, "a readable .npy file", e.what());
    }
    std::vector<std::uint64_t> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double v = a.value_at(i);
        if (!(v >= 0.0) || v != std::floor(v) || v > 1.8e19)
            y::fail(f, fp, ctx, "whole numbers >= 0 in " + file.filename().string(),
                    number_text(v) + " at index " + std::to_string(i));
        out[i] = static_cast<std::uint64_t>(v);
    }
    return out;
}

// k: one number, one number per source (outdegree) / target (indegree) neuron, or either of
// them in {file: k.npy} (an array of one entry is one number).
void parse_degree(const YAML::Node& node, const std::string& path, const y::Context& ctx, connect::Rule& rule) {
    if (node.IsMap()) {
        std::vector<std::uint64_t> k = counts_from_file(node, path, ctx);
        if (k.empty()) y::fail(node, y::child(path, "file"), ctx, "a whole number >= 0 or a non-empty array of them", "an empty array");
        if (k.size() == 1) rule.k = k[0];
        else rule.k_per_neuron = std::move(k);
        return;
    }
    if (node.IsSequence()) {
        if (node.size() == 0) y::fail(node, path, ctx, "a whole number >= 0 or a non-empty list of them");
        rule.k_per_neuron.reserve(node.size());
        for (std::size_t i = 0; i < node.size(); ++i) rule.k_per_neuron.push_back(y::get_uint(node[i], y::item(path, i), ctx));
        return;
    }
    rule.k = y::get_uint(node, path, ctx);
}

// n of fixed_total_number: a number or {file: n.npy} holding one.
std::uint64_t parse_total(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    if (!node.IsMap()) return y::get_uint(node, path, ctx);
    const std::vector<std::uint64_t> n = counts_from_file(node, path, ctx);
    if (n.size() != 1)
        y::fail(node, y::child(path, "file"), ctx, "one whole number >= 0", std::to_string(n.size()) + " values");
    return n[0];
}

connect::Value parse_value_map(const YAML::Node& node, const std::string& path, const y::Context& ctx, bool is_delay) {
    using connect::value_kind;
    connect::Value v;
    const std::string kind = y::get_choice(y::require(node, path, ctx, "kind"), y::child(path, "kind"), ctx,
                                           schema::choices("value"));
    // Weights and delays are float32 values: their parameters must fit float32.
    auto number = [&](std::string_view key) { return y::get_float32(y::require(node, path, ctx, key), y::child(path, key), ctx); };
    if (kind == "constant") {
        y::check_keys(node, path, ctx, schema::keys("value.constant"));
        v.kind = value_kind::constant;
        v.value = number("value");
        if (is_delay && v.value < 0) y::fail(y::require(node, path, ctx, "value"), y::child(path, "value"), ctx, "a delay >= 0");
    } else if (kind == "uniform") {
        y::check_keys(node, path, ctx, schema::keys("value.uniform"));
        v.kind = value_kind::uniform;
        v.low = number("low");
        v.high = number("high");
        if (is_delay && v.low < 0) y::fail(y::require(node, path, ctx, "low"), y::child(path, "low"), ctx, "a delay >= 0");
        if (!(v.low <= v.high))
            y::fail(y::require(node, path, ctx, "high"), y::child(path, "high"), ctx, "high >= low (" + number_text(v.low) + ")");
    } else if (kind == "normal") {
        y::check_keys(node, path, ctx, schema::keys("value.normal"));
        v.kind = value_kind::normal;
        v.mean = number("mean");
        v.std = number("std");
        if (v.std < 0) y::fail(y::require(node, path, ctx, "std"), y::child(path, "std"), ctx, "a number >= 0");
        if (const YAML::Node n = y::optional(node, "min")) v.min = y::get_float32(n, y::child(path, "min"), ctx);
        if (const YAML::Node n = y::optional(node, "max")) v.max = y::get_float32(n, y::child(path, "max"), ctx);
        if (v.min && v.max && !(*v.min <= *v.max))
            y::fail(y::optional(node, "max"), y::child(path, "max"), ctx, "max >= min (" + number_text(*v.min) + ")");
        // A normal delay would otherwise draw negative delays; we never clip a user's value silently.
        if (is_delay && (!v.min || *v.min < 0))
            y::fail(v.min ? y::optional(node, "min") : node, y::child(path, "min"), ctx,
                    "min >= 0 for a normal delay (delays cannot be negative)", v.min ? number_text(*v.min) : "none");
    } else if (kind == "lognormal") {
        y::check_keys(node, path, ctx, schema::keys("value.lognormal"));
        v.kind = value_kind::lognormal;
        v.mu = number("mu");
        v.sigma = y::get_non_negative(y::require(node, path, ctx, "sigma"), y::child(path, "sigma"), ctx);
    } else {
        v.kind = value_kind::distance;
        if (is_delay) {
            y::check_keys(node, path, ctx, schema::keys("delay_value.distance"));
            v.velocity = y::get_positive(y::require(node, path, ctx, "velocity"), y::child(path, "velocity"), ctx);
            if (const YAML::Node n = y::optional(node, "offset")) {
                v.offset = y::get_float32(n, y::child(path, "offset"), ctx);
                if (v.offset < 0) y::fail(n, y::child(path, "offset"), ctx, "a number >= 0");
            }
        } else {
            y::check_keys(node, path, ctx, schema::keys("value.distance"));
            v.w0 = number("w0");
            v.scale = y::get_positive(y::require(node, path, ctx, "scale"), y::child(path, "scale"), ctx);
        }
    }
    return v;
}

connect::Value parse_value(const YAML::Node& node, const std::string& path, const y::Context& ctx, bool is_delay) {
    if (node.IsScalar()) {
        connect::Value v;
        v.kind = connect::value_kind::constant;
        v.value = y::get_float32(node, path, ctx);
        if (is_delay && v.value < 0) y::fail(node, path, ctx, "a number >= 0");
        return v;
    }
    if (!node.IsMap())
        y::fail(node, path, ctx, "a number or a map {kind: constant|uniform|normal|lognormal|distance, ...}");
    return parse_value_map(node, path, ctx, is_delay);
}

}  // namespace

connect::Rule parse_rule(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    using connect::rule_kind;
    connect::Rule rule;
    const std::vector<std::string>& kinds = schema::choices("rule");
    // `rule: all_to_all` is shorthand for {kind: all_to_all}.
    if (node.IsScalar()) {
        const std::string kind = y::get_choice(node, path, ctx, kinds);
        if (kind != "all_to_all" && kind != "one_to_one")
            y::fail(node, path, ctx, "a map {kind: " + kind + ", ...} with the rule's parameters", y::describe(node));
        rule.kind = kind == "all_to_all" ? rule_kind::all_to_all : rule_kind::one_to_one;
        return rule;
    }
    y::require_map(node, path, ctx);
    const std::string kind = y::get_choice(y::require(node, path, ctx, "kind"), y::child(path, "kind"), ctx, kinds);
    if (kind == "all_to_all") {
        rule.kind = rule_kind::all_to_all;
        y::check_keys(node, path, ctx, schema::keys("rule.all_to_all"));
    } else if (kind == "one_to_one") {
        rule.kind = rule_kind::one_to_one;
        y::check_keys(node, path, ctx, schema::keys("rule.one_to_one"));
    } else if (kind == "pairwise_bernoulli") {
        rule.kind = rule_kind::pairwise_bernoulli;
        y::check_keys(node, path, ctx, schema::keys("rule.pairwise_bernoulli"));
        const YAML::Node p = y::require(node, path, ctx, "p");
        rule.p = y::get_double(p, y::child(path, "p"), ctx);
        if (rule.p < 0.0 || rule.p > 1.0) y::fail(p, y::child(path, "p"), ctx, "a probability in [0, 1]");
    } else if (kind == "fixed_outdegree" || kind == "fixed_indegree") {
        rule.kind = kind == "fixed_outdegree" ? rule_kind::fixed_outdegree : rule_kind::fixed_indegree;
        y::check_keys(node, path, ctx, schema::keys("rule." + kind));
        parse_degree(y::require(node, path, ctx, "k"), y::child(path, "k"), ctx, rule);
    } else {
        rule.kind = rule_kind::fixed_total_number;
        y::check_keys(node, path, ctx, schema::keys("rule.fixed_total_number"));
        rule.n = parse_total(y::require(node, path, ctx, "n"), y::child(path, "n"), ctx);
    }
    if (const YAML::Node n = y::optional(node, "autapses")) rule.autapses = y::get_bool(n, y::child(path, "autapses"), ctx);
    if (const YAML::Node n = y::optional(node, "multapses")) rule.multapses = y::get_bool(n, y::child(path, "multapses"), ctx);
    return rule;
}

connect::Kernel parse_kernel(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    using connect::kernel_kind;
    connect::Kernel kernel;
    y::require_map(node, path, ctx);
    const std::string kind = y::get_choice(y::require(node, path, ctx, "kind"), y::child(path, "kind"), ctx,
                                           schema::choices("kernel"));
    auto positive = [&](std::string_view key) { return y::get_positive(y::require(node, path, ctx, key), y::child(path, key), ctx); };
    if (kind == "gaussian") {
        y::check_keys(node, path, ctx, schema::keys("kernel.gaussian"));
        kernel.kind = kernel_kind::gaussian;
        kernel.sigma = positive("sigma");
    } else if (kind == "exponential") {
        y::check_keys(node, path, ctx, schema::keys("kernel.exponential"));
        kernel.kind = kernel_kind::exponential;
        kernel.lambda = positive("lambda");
    } else {
        y::check_keys(node, path, ctx, schema::keys("kernel." + kind));
        kernel.kind = kind == "step" ? kernel_kind::step : kernel_kind::linear;
        kernel.radius = positive("radius");
    }
    return kernel;
}

connect::Mask parse_mask(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    using connect::mask_kind;
    connect::Mask mask;
    y::require_map(node, path, ctx);
    const std::string kind = y::get_choice(y::require(node, path, ctx, "kind"), y::child(path, "kind"), ctx, schema::choices("mask"));
    if (kind == "ball") {
        y::check_keys(node, path, ctx, schema::keys("mask.ball"));
        mask.kind = mask_kind::ball;
        mask.radius = y::get_positive(y::require(node, path, ctx, "radius"), y::child(path, "radius"), ctx);
    } else if (kind == "box") {
        y::check_keys(node, path, ctx, schema::keys("mask.box"));
        mask.kind = mask_kind::box;
        mask.lower = y::get_double_list(y::require(node, path, ctx, "lower"), y::child(path, "lower"), ctx, 1, 3);
        const YAML::Node upper = y::require(node, path, ctx, "upper");
        mask.upper = y::get_double_list(upper, y::child(path, "upper"), ctx, mask.lower.size(), mask.lower.size());
        for (std::size_t a = 0; a < mask.lower.size(); ++a)
            if (!(mask.lower[a] < mask.upper[a]))
                y::fail(upper[a], y::item(y::child(path, "upper"), a), ctx, "upper > lower (" + number_text(mask.lower[a]) + ")");
    } else {
        y::check_keys(node, path, ctx, schema::keys("mask.annulus"));
        mask.kind = mask_kind::annulus;
        mask.inner = y::get_non_negative(y::require(node, path, ctx, "inner"), y::child(path, "inner"), ctx);
        const YAML::Node outer = y::require(node, path, ctx, "outer");
        mask.outer = y::get_double(outer, y::child(path, "outer"), ctx);
        if (!(mask.outer > mask.inner)) y::fail(outer, y::child(path, "outer"), ctx, "outer > inner (" + number_text(mask.inner) + ")");
    }
    return mask;
}

connect::Value parse_weight(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    return parse_value(node, path, ctx, false);
}

connect::Value parse_delay(const YAML::Node& node, const std::string& path, const y::Context& ctx) {
    return parse_value(node, path, ctx, true);
}

connect::Projection parse_connection(const YAML::Node& proj, const std::string& proj_path, const y::Context& ctx) {
    connect::Projection p;
    if (const YAML::Node n = y::optional(proj, "rule")) p.rule = parse_rule(n, y::child(proj_path, "rule"), ctx);
    if (const YAML::Node n = y::optional(proj, "kernel")) p.kernel = parse_kernel(n, y::child(proj_path, "kernel"), ctx);
    if (const YAML::Node n = y::optional(proj, "mask")) p.mask = parse_mask(n, y::child(proj_path, "mask"), ctx);
    if (const YAML::Node n = y::optional(proj, "weight")) p.weight = parse_weight(n, y::child(proj_path, "weight"), ctx);
    if (const YAML::Node n = y::optional(proj, "delay")) p.delay = parse_delay(n, y::child(proj_path, "delay"), ctx);
    return p;
}

bool uses_distance(const connect::Projection& projection) {
    return projection.kernel.kind != connect::kernel_kind::none || projection.mask.kind != connect::mask_kind::none ||
           projection.weight.kind == connect::value_kind::distance || projection.delay.kind == connect::value_kind::distance;
}

}  // namespace neurowire::spec
