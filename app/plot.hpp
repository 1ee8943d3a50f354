#pragma once
// `neurowire plot`: the figures the tutorials draw by hand, as library calls.
//  - traces: one recorded variable of several runs overlaid (seed 000's homogeneous against
//    heterogeneous, delayed against undelayed);
//  - inputs: what the inputs of a network spec apply, per unit, over its duration (seed 002);
//  - connectome: a few sources and their chosen targets on the positions, and the histogram of
//    partner distances against the distribution the rule's kernel gives (seed 004).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace neurowire::app {

struct PlotTracesOptions {
    std::vector<std::filesystem::path> runs;   // folders written by `neurowire run`
    std::string variable;                      // "<pop>.<var>", as in recording.npz
    std::optional<std::size_t> unit;           // a unit of the trace; default: every recorded unit, a colour per run
    std::filesystem::path out;                 // the PNG
};
void plot_traces(const PlotTracesOptions& options);

struct PlotInputsOptions {
    std::filesystem::path spec;                // a network spec
    std::filesystem::path out;
};
void plot_inputs(const PlotInputsOptions& options);

struct PlotConnectomeOptions {
    std::filesystem::path spec;                // a connectome or network spec
    std::string projection;                    // default: the first rule-drawn projection with positions
    std::size_t sources = 5;                   // sources shown with their targets
    std::optional<std::uint64_t> seed;
    std::filesystem::path out;
    std::filesystem::path csv;                 // optional: the histogram as distance,drawn,expected
};
// Returns the number of connections drawn from. The expectation averages over every query
// neuron (the sources; the targets for fixed_indegree) up to 2,000 of them, else over 400
// spread evenly over their indices.
std::size_t plot_connectome(const PlotConnectomeOptions& options);

}  // namespace neurowire::app
