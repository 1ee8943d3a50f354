#pragma once
// A file argument that does not exist: FileNotFoundError in Python (see errors.cpp).
#include <filesystem>
#include <stdexcept>
#include <string>

namespace neurowire::python {

struct missing_file : std::runtime_error {
    std::string path;
    explicit missing_file(const std::filesystem::path& p);
};

}  // namespace neurowire::python
