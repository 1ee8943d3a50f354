#pragma once
// User-facing errors. Every error a user can cause derives from neurowire::error; messages are
// composed here, from fields, so they read the same everywhere. Bugs are logic_errors/asserts.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace neurowire {

struct error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A bad value in a spec (YAML) or on the command line.
// Line and column are 1-based; 0 means unknown.
struct config_error : error {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string key_path;   // e.g. projections[2].kernel.sigma
    std::string expected;   // what is allowed
    std::string found;      // what was there

    config_error(std::string file_, std::size_t line_, std::size_t column_, std::string key_path_,
                 std::string expected_, std::string found_)
        : error(compose(file_, line_, column_, key_path_, expected_, found_)),
          file(std::move(file_)), line(line_), column(column_), key_path(std::move(key_path_)),
          expected(std::move(expected_)), found(std::move(found_)) {}

    // A spec error that has no file (values built in C++): key path, expected, found.
    config_error(std::string key_path_, std::string expected_, std::string found_)
        : config_error("", 0, 0, std::move(key_path_), std::move(expected_), std::move(found_)) {}

    static std::string compose(const std::string& file, std::size_t line, std::size_t column,
                               const std::string& key_path, const std::string& expected,
                               const std::string& found) {
        std::string where = file;
        if (line > 0) {
            where += (where.empty() ? "line " : ":") + std::to_string(line);
            if (column > 0) where += ":" + std::to_string(column);
        }
        std::string msg = where.empty() ? "" : where + ": ";
        if (!key_path.empty()) msg += key_path + ": ";
        msg += "expected " + expected;
        if (!found.empty()) msg += ", found " + found;
        return msg;
    }
};

// A malformed data file (CSV, NPY, NPZ, HDF5 …): which file, where in it, what is wrong.
struct file_error : error {
    std::string file;
    std::string where;   // "line 12", "column 3 of line 12", "field 'descr'", "dataset /edges/x"
    std::string problem;

    file_error(std::string file_, std::string where_, std::string problem_)
        : error(file_ + (where_.empty() ? "" : ": " + where_) + ": " + problem_),
          file(std::move(file_)), where(std::move(where_)), problem(std::move(problem_)) {}
};

// A request that cannot fit in memory, refused before allocating.
struct memory_error : error {
    double estimate_bytes;
    double available_bytes;
    memory_error(const std::string& what_for, double estimate, double available)
        : error(what_for + ": needs an estimated " + std::to_string(estimate / (1 << 20)) +
                " MiB but only " + std::to_string(available / (1 << 20)) + " MiB are available"),
          estimate_bytes(estimate), available_bytes(available) {}
};

// A simulation that produced NaN/Inf or otherwise cannot go on.
struct simulation_error : error {
    using error::error;
};

}  // namespace neurowire
