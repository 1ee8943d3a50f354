// PyNN FromFileConnector text files through io::read_connectome_pynn.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/connectome_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return neurowire::fuzz::run_on_file(data, size, ".conn", [](const std::filesystem::path& file) {
        (void)neurowire::io::read_connectome_pynn(file);
    });
}
