#pragma once
// Child processes and executable lookup, written once for every module that starts a program:
// gnuplot (io/plot), the compiler of native kernels (sim/kernel_cache), the benchmark runner
// (cli). No shell is involved, so arguments need no quoting.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace neurowire::platform {

// `name` looked up on $PATH (or `name` itself when it contains a '/'): the first executable
// regular file, or nullopt.
std::optional<std::filesystem::path> find_executable(std::string_view name);

// The running program's own file (/proc/self/exe), e.g. to find programs installed beside it.
std::filesystem::path current_executable();

struct ProcessStatus {
    bool started = false;     // false: the program could not be run (see `error`)
    int exit_code = -1;       // when it exited normally
    int signal = 0;           // when a signal ended it
    std::string error;        // why it could not be started
    bool succeeded() const { return started && signal == 0 && exit_code == 0; }
    // "exited with status 2", "was killed by signal 9", "cannot run 'x': …".
    std::string describe(const std::string& program) const;
};

// Runs argv[0] (looked up on PATH unless it contains a '/') with argv[1…] and waits for it.
// stdin is /dev/null; stdout and stderr go to `log` when given, else stay the caller's.
ProcessStatus run_process(const std::vector<std::string>& argv, const std::filesystem::path& log = {},
                          bool quiet_stdin = true);

// The first `n` lines of a (log) file joined by " | ", for messages.
std::string first_lines(const std::filesystem::path& file, int n);

}  // namespace neurowire::platform
