// Network specs from YAML text through spec::parse_network (populations from the template
// library, rule projections drawn, inputs and recordings resolved), then compiled to the program
// the runner would execute, without running it.
// fuzz-link: neurowire_spec nw::yaml
#include "build/network.hpp"
#include "fuzz/harness.hpp"
#include "fuzz/spec_guard.hpp"
#include "spec/network_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (neurowire::fuzz::has_big_number(text, 1000)) return 0;
    return neurowire::fuzz::run_guarded([&] {
        neurowire::build::Network net = neurowire::spec::parse_network(text, std::nullopt, "fuzz.yaml", "fuzz/corpus/network_spec");
        (void)std::move(net).compile();
    });
}
