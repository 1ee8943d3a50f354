// .npy files through io::read_npy, then every value converted as callers do.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return neurowire::fuzz::run_on_file(data, size, ".npy", [](const std::filesystem::path& file) {
        const neurowire::io::Array a = neurowire::io::read_npy(file);
        neurowire::io::check_finite(a, file.string(), "");
        (void)a.values<double>();
        (void)a.values<float>();
        (void)a.values<std::uint32_t>();
    });
}
