#include "core/platform/process.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace neurowire::platform {

namespace fs = std::filesystem;

namespace {

bool is_executable_file(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::optional<fs::path> find_executable(std::string_view name) {
    if (name.empty()) return std::nullopt;
    if (name.find('/') != std::string_view::npos) {
        if (is_executable_file(fs::path(name))) return fs::path(name);
        return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        const fs::path candidate = fs::path(dir) / name;
        if (is_executable_file(candidate)) return candidate;
    }
    return std::nullopt;
}

fs::path current_executable() {
    std::error_code ec;
    fs::path p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : p;
}

std::string ProcessStatus::describe(const std::string& program) const {
    if (!started) return "cannot run '" + program + "': " + error;
    if (signal != 0) return program + " was killed by signal " + std::to_string(signal);
    return program + " exited with status " + std::to_string(exit_code);
}

ProcessStatus run_process(const std::vector<std::string>& args, const fs::path& log, bool quiet_stdin) {
    ProcessStatus status;
    if (args.empty()) {
        status.error = "no program given";
        return status;
    }
    const std::optional<fs::path> program = find_executable(args[0]);
    if (!program) {
        status.error = args[0].find('/') != std::string::npos ? "no such executable file" : "not found on PATH";
        return status;
    }
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (quiet_stdin) posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (!log.empty()) {
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
    }
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, program->c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        status.error = std::strerror(rc);
        return status;
    }
    int raw = 0;
    while (::waitpid(pid, &raw, 0) < 0) {
        if (errno == EINTR) continue;
        status.error = std::string("lost the child process: ") + std::strerror(errno);
        return status;
    }
    status.started = true;
    if (WIFSIGNALED(raw)) status.signal = WTERMSIG(raw);
    else status.exit_code = WEXITSTATUS(raw);
    return status;
}

std::string first_lines(const fs::path& file, int n) {
    std::ifstream in(file);
    std::string out, line;
    for (int k = 0; k < n && std::getline(in, line); ++k) out += (k ? " | " : "") + line;
    return out;
}

}  // namespace neurowire::platform
