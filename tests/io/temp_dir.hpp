#pragma once
// A fresh folder per test, removed afterwards, and small helpers shared by the io tests.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "connect/connectome.hpp"

namespace neurowire::test {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string name = (std::filesystem::temp_directory_path() / "neurowire-io-test-XXXXXX").string();
        if (!::mkdtemp(name.data())) throw std::runtime_error("mkdtemp failed");
        path = name;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
    // Every entry name in the folder, hidden temporaries included.
    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        for (const auto& e : std::filesystem::directory_iterator(path)) out.push_back(e.path().filename().string());
        return out;
    }
};

inline void write_text(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A small sorted connectome with a multapse (1 → 2 twice), a source without edges (3) and a
// target without edges (0).
inline connect::Connectome small_connectome() {
    connect::Connectome c;
    c.n_source = 4;
    c.n_target = 3;
    c.source = {0, 0, 1, 1, 1, 2};
    c.target = {1, 2, 1, 2, 2, 1};
    c.weight = {0.5f, -1.25f, 0.1f, 2.0f, 0.3f, 1e-7f};
    c.delay = {1.0f, 1.5f, 0.1f, 2.0f, 2.0f, 3.25f};
    return c;
}

inline bool same_connectome(const connect::Connectome& a, const connect::Connectome& b) {
    return a.n_source == b.n_source && a.n_target == b.n_target && a.source == b.source && a.target == b.target &&
           a.weight == b.weight && a.delay == b.delay;
}

}  // namespace neurowire::test
