#pragma once
// The schema of every spec, in one place: for each section (a kind of YAML map) the keys it
// accepts, and for each choice (a `kind:` and the like) the values allowed. The parsers check
// against these lists, the messages list them, and a test compares them with the key reference
// of docs/SPEC.md and docs/network-spec.md. Python dicts are validated by the same parsers.
//
// Section names: "connectome" (a connectome spec's top level), "network", "template",
// "<area>.<kind>" for maps chosen by `kind:` (e.g. "rule.fixed_outdegree", "kernel.gaussian",
// "positions.grid", "value.normal"), and plain names for the rest ("population", "projection",
// "input.sine", "record.variable", …).
#include <string>
#include <string_view>
#include <vector>

namespace neurowire::spec::schema {

struct Section {
    std::string name;
    std::vector<std::string> keys;   // in the order the docs list them
};

// Every section, in documentation order.
const std::vector<Section>& sections();

// The keys of one section; std::logic_error for a name not in sections() (a programming error).
const std::vector<std::string>& keys(std::string_view section);

// The keys that describe a connection (rule, kernel, mask, weight, delay): part of every projection.
const std::vector<std::string>& connection_keys();

// The allowed values of a choice: for "rule", "kernel", "mask", "positions", "value",
// "delay_value" the kinds of the "<area>.<kind>" sections; also "solver", "weight_value".
const std::vector<std::string>& choices(std::string_view area);

}  // namespace neurowire::spec::schema
