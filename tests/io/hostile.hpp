#pragma once
// Helpers for the tests of hostile input: hand-made .npy files, expected errors, and the peak
// memory a call costs (so that "refused before allocating" is measured, not assumed).
#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>

#include <sys/resource.h>

#include "core/error.hpp"

namespace neurowire::test {

// A .npy file made by hand: header dict, numpy's padding, raw bytes.
inline std::string npy_bytes(const std::string& dict, const std::string& data = "") {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    return out + header + data;
}

inline std::string npy_dict(const std::string& descr, const std::string& shape, bool fortran = false) {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

// Peak resident memory of this process so far, in bytes.
inline double peak_rss_bytes() {
    struct rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0;
}

// Runs `call`, which must throw a file_error; checks that it names `file` and that its `where`
// and `problem` contain the given parts; returns it.
inline file_error expect_file_error(const std::function<void()>& call, const std::string& file,
                                    const std::string& where_part, const std::string& problem_part) {
    try {
        call();
    } catch (const file_error& e) {
        BOOST_TEST(e.file == file);
        BOOST_TEST(e.where.find(where_part) != std::string::npos, "where '" << e.where << "' lacks '" << where_part << "'");
        BOOST_TEST(e.problem.find(problem_part) != std::string::npos,
                   "problem '" << e.problem << "' lacks '" << problem_part << "'");
        return e;
    }
    BOOST_FAIL("expected a file_error naming " << file);
    return file_error("", "", "");
}

// The same, and the call may not raise the peak memory of the process by more than `budget` bytes.
inline file_error expect_cheap_refusal(const std::function<void()>& call, const std::string& file,
                                       const std::string& where_part, const std::string& problem_part,
                                       double budget = 64.0 * (1 << 20)) {
    const double before = peak_rss_bytes();
    file_error e = expect_file_error(call, file, where_part, problem_part);
    BOOST_TEST(peak_rss_bytes() - before < budget, "the refusal raised the peak memory by "
                                                       << (peak_rss_bytes() - before) / (1 << 20) << " MiB");
    return e;
}

}  // namespace neurowire::test
