// .npz archives through io::read_npz, then the connectome reader on the same archive.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/connectome_files.hpp"
#include "io/npz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return neurowire::fuzz::run_on_file(data, size, ".npz", [](const std::filesystem::path& file) {
        (void)neurowire::io::read_npz(file);
        (void)neurowire::io::read_connectome_npz(file);
    });
}
