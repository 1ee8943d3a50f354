#pragma once
// What every libFuzzer harness shares. A harness hands the fuzzer's bytes to one public reader;
// a neurowire::error (a refused input, with its message) is the expected outcome of bad input;
// anything else — another exception, a crash, a sanitizer report, a hang, an allocation beyond
// libFuzzer's -malloc_limit_mb — is a bug, and libFuzzer keeps the input that caused it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/error.hpp"

namespace neurowire::fuzz {

// Readers take paths, and their size checks start from the file's length: each input is written
// to one scratch file per process (in memory under /dev/shm when it exists), under the
// extension the reader dispatches on. It is removed when the process exits normally.
struct ScratchFile {
    std::filesystem::path path;
    explicit ScratchFile(const char* extension) {
        const char* tmp = std::getenv("TMPDIR");
        const std::filesystem::path dir = tmp ? tmp : std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
        path = dir / ("neurowire-fuzz-" + std::to_string(::getpid()) + extension);
    }
    ~ScratchFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

inline const std::filesystem::path& scratch_file(const char* extension) {
    static const ScratchFile file(extension);
    return file.path;
}

inline void write_scratch(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::perror(path.c_str());
        std::abort();
    }
}

// Runs `body()`; returns 0 for libFuzzer. For harnesses of in-memory parsers (specs, equations)
// this is all they need.
template <class Body>
int run_guarded(Body body) {
    try {
        body();
    } catch (const neurowire::error&) {
        // Refused with a message: what bad input must get.
    } catch (const std::exception& e) {
        std::fprintf(stderr, "neurowire fuzz: an exception that is not a neurowire::error escaped: %s\n", e.what());
        std::abort();
    }
    return 0;
}

// Writes the input to the scratch file and runs `read(path)` on it.
template <class Read>
int run_on_file(const std::uint8_t* data, std::size_t size, const char* extension, Read read) {
    const auto& path = scratch_file(extension);
    write_scratch(path, data, size);
    return run_guarded([&] { read(path); });
}

}  // namespace neurowire::fuzz
