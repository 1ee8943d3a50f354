// Positions files (.csv) through io::read_positions, the entry point of `positions: {kind: file}`.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/positions_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return neurowire::fuzz::run_on_file(data, size, ".csv", [](const std::filesystem::path& file) {
        (void)neurowire::io::read_positions(file);
    });
}
