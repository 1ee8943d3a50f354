// SONATA HDF5 files: the bytes as an edges file (its populations, then the one population read
// as `weights: {connectome: …}` and inspect read it) and as a spike report.
// fuzz-link: neurowire_io
#include "fuzz/harness.hpp"
#include "io/connectome_files.hpp"
#include "io/sonata.hpp"
#include "io/sonata_spikes.hpp"

// libhdf5 itself leaks some of its allocations on certain corrupt files (allocated and lost
// inside the library, not through a handle of ours, which are all closed by h5::Handle): those
// leaks are not reported; any other leak still is.
extern "C" const char* __lsan_default_suppressions() { return "leak:libhdf5"; }
// A corrupt header can make libhdf5 ask malloc for 10^19 bytes: outside ASan malloc returns
// null and libhdf5 reports an error, which is what the harness must see too.
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace io = neurowire::io;
    return neurowire::fuzz::run_on_file(data, size, "_edges.h5", [](const std::filesystem::path& file) {
        try {
            for (const std::string& name : io::sonata_edge_populations(file)) (void)io::read_sonata_edges(file, name);
        } catch (const neurowire::error&) {
        }
        (void)io::read_sonata_spikes(file);
    });
}
