// Model template files: every template of the file (spec::template_names, spec::load_template
// with `base:` chains), each instantiated as a population of three units and compiled.
// fuzz-link: neurowire_spec
#include "build/network.hpp"
#include "build/population.hpp"
#include "fuzz/harness.hpp"
#include "spec/template_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace spec = neurowire::spec;
    return neurowire::fuzz::run_on_file(data, size, ".yaml", [](const std::filesystem::path& file) {
        for (const std::string& name : spec::template_names(file)) {
            neurowire::build::Network net(1);
            net.add(neurowire::build::Population("p", spec::load_template(file.string() + ":" + name), 3));
            (void)std::move(net).compile();
        }
    });
}
