// The equation parser and compiler: each line of the input is one equation of a model with
// states x and v, parameters a and tau, and an input I (build::compile_equations).
// fuzz-link: neurowire_build
#include <sstream>

#include "build/equations/compiler.hpp"
#include "fuzz/harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace b = neurowire::build;
    b::ModelEquations model;
    model.population = "p";
    model.size = 2;
    model.file = "fuzz.yaml";
    std::istringstream lines(std::string(reinterpret_cast<const char*>(data), size));
    std::string line;
    for (std::size_t i = 0; std::getline(lines, line); ++i)
        model.equations.push_back({line, "equations[" + std::to_string(i) + "]", i + 1});
    model.states = {{"x", {0.0}}, {"v", {0.5, -0.5}}};
    model.params = {{"a", {2.0}}, {"tau", {10.0}}};
    model.inputs = {"I"};
    model.output = "x";
    return neurowire::fuzz::run_guarded([&] { (void)b::compile_equations(model); });
}
