#pragma once
// numpy's .npz: a zip archive of .npy members, one per named array (np.savez / np.load).
// Written through libzip, streaming each member from the caller's memory without a copy.
#include <filesystem>
#include <string>
#include <vector>

#include "io/npy.hpp"

namespace neurowire::io {

struct NamedView {
    std::string name;   // without ".npy"
    ArrayView array;
};

struct NamedArray {
    std::string name;
    Array array;
};

enum class Compression { store, deflate };   // np.savez stores; np.savez_compressed deflates

// Atomic; array names must be unique.
void write_npz(const std::filesystem::path& path, const std::vector<NamedView>& arrays,
               Compression compression = Compression::store);

// Every .npy member in archive order, names without ".npy".
std::vector<NamedArray> read_npz(const std::filesystem::path& path);

// The member called `name`, or a file_error naming `file` and the missing member.
const Array& find_array(const std::vector<NamedArray>& arrays, const std::string& name,
                        const std::filesystem::path& file);

}  // namespace neurowire::io
