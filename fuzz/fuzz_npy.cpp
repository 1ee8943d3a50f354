// .npy files through io::read_npy (a file of known length), the same bytes as a stream of unknown
// length (io::read_npy_stream), then every value converted as callers do.
// fuzz-link: neurowire_io
#include <algorithm>
#include <cstring>

#include "fuzz/harness.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace io = neurowire::io;
    neurowire::fuzz::run_guarded([&] {
        std::size_t pos = 0;
        (void)io::read_npy_stream(
            [&](unsigned char* to, std::size_t n) {
                const std::size_t k = std::min(n, size - pos);
                if (k > 0) std::memcpy(to, data + pos, k);
                pos += k;
                return k;
            },
            "stream.npy");
    });
    return neurowire::fuzz::run_on_file(data, size, ".npy", [](const std::filesystem::path& file) {
        const io::Array a = io::read_npy(file);
        io::check_finite(a, file.string(), "");
        (void)a.values<double>();
        (void)a.values<float>();
        (void)a.values<std::uint32_t>();
    });
}
