// CSV connectomes (source,target,weight,delay) through io::read_connectome_csv.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/connectome_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return neurowire::fuzz::run_on_file(data, size, ".csv", [](const std::filesystem::path& file) {
        (void)neurowire::io::read_connectome_csv(file);
    });
}
