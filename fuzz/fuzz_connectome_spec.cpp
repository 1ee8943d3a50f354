// Connectome specs from YAML text through spec::parse_connectome_spec_text, then, when they
// parse, positions and every projection drawn as `neurowire connect` would (one thread).
// fuzz-link: neurowire_spec nw::yaml
#include "fuzz/harness.hpp"
#include "fuzz/spec_guard.hpp"
#include "spec/connectome_spec.hpp"
#include "spec/materialise.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace spec = neurowire::spec;
    const std::string text(reinterpret_cast<const char*>(data), size);
    if (neurowire::fuzz::has_big_number(text, 1000)) return 0;
    return neurowire::fuzz::run_guarded([&] {
        const spec::ConnectomeSpec s = spec::parse_connectome_spec_text(text, "fuzz.yaml", "fuzz/corpus/connectome_spec");
        const spec::PositionsList positions = spec::make_all_positions(s, s.seed);
        neurowire::connect::Options options;
        options.threads = 1;
        for (std::size_t j = 0; j < s.projections.size(); ++j)
            (void)spec::make_connectome(s, j, positions, s.seed, options);
    });
}
