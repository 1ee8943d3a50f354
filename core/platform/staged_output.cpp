#include "core/platform/staged_output.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "core/error.hpp"

namespace neurowire::platform {

namespace fs = std::filesystem;

void (*StagedOutput::before_commit_step)(std::size_t) = nullptr;

namespace {

const std::string staging_prefix = ".neurowire-staging-";
const std::string commit_prefix = ".neurowire-commit-";

[[noreturn]] void fail(const fs::path& path, const std::string& doing, const std::error_code& ec) {
    throw file_error(path.string(), "", doing + ": " + ec.message());
}

// "<pid>-<counter>": unique per process and object, so concurrent runs never share a folder.
std::string unique_tag() {
    static std::atomic<unsigned> counter{0};
    return std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

// The pid in ".neurowire-…-<pid>-<n>", or 0.
pid_t owner_pid(const std::string& name, const std::string& prefix) {
    if (name.compare(0, prefix.size(), prefix) != 0) return 0;
    try {
        return static_cast<pid_t>(std::stol(name.substr(prefix.size())));
    } catch (...) {
        return 0;
    }
}

bool alive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

// What a journal says: the entries of the commit, whether each replaced an old one, and whether
// every new entry was in place.
struct Journal {
    std::vector<std::pair<std::string, bool>> entries;   // name, had an old entry
    bool done = false;
};

void write_durably(const fs::path& file, const std::string& text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail(file, "cannot write the commit journal", std::error_code(errno, std::generic_category()));
    std::size_t off = 0;
    while (off < text.size()) {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            fail(file, "cannot write the commit journal", std::error_code(err, std::generic_category()));
        }
        off += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
}

Journal read_journal(const fs::path& backup) {
    Journal j;
    std::ifstream in(backup / "journal");
    for (std::string line; std::getline(in, line);) {
        if (line.size() < 3) continue;
        j.entries.emplace_back(line.substr(2), line[0] == '1');
    }
    j.done = fs::exists(backup / "done");
    return j;
}

// Puts DIR back as it was before the commit recorded in `backup`, or, when the journal says the
// commit was complete, just drops the backups. The journal's own name list bounds what is touched.
void settle(const fs::path& dir, const fs::path& backup) noexcept {
    std::error_code ec;
    const Journal j = read_journal(backup);
    if (!j.done) {
        for (const auto& [name, had_old] : j.entries) {
            const fs::path old = backup / "old" / name;
            const fs::path target = dir / name;
            const bool old_saved = fs::exists(fs::symlink_status(old, ec));
            if (had_old && !old_saved) continue;   // never moved: target is still the old one
            fs::remove_all(target, ec);            // the new entry, if it got in
            if (had_old) fs::rename(old, target, ec);
        }
    }
    fs::remove_all(backup, ec);
}

}  // namespace

std::size_t StagedOutput::recover(const fs::path& dir) {
    std::size_t handled = 0;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    std::vector<fs::path> commits, stagings;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (owner_pid(name, commit_prefix) != 0 && !alive(owner_pid(name, commit_prefix))) commits.push_back(entry.path());
        if (owner_pid(name, staging_prefix) != 0 && !alive(owner_pid(name, staging_prefix))) stagings.push_back(entry.path());
    }
    for (const auto& c : commits) settle(dir, c), ++handled;
    for (const auto& s : stagings) fs::remove_all(s, ec), ++handled;
    return handled;
}

StagedOutput::StagedOutput(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (dir_.empty()) dir_ = ".";
    // Remember the topmost missing ancestor: that is what a rollback removes.
    fs::path missing;
    for (fs::path p = fs::absolute(dir_, ec).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
        missing = p;
        if (p == p.parent_path()) break;
    }
    if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
        throw file_error(dir_.string(), "", "exists and is not a folder");
    recover(dir_);
    fs::create_directories(dir_, ec);
    if (ec) fail(dir_, "cannot create the output folder", ec);
    created_root_ = missing;
    staging_ = dir_ / (staging_prefix + unique_tag());
    fs::create_directory(staging_, ec);
    if (ec) {
        rollback();
        fail(staging_, "cannot create a staging folder in the output folder", ec);
    }
}

StagedOutput::~StagedOutput() {
    if (!done_) rollback();
}

std::vector<fs::path> StagedOutput::commit() {
    std::error_code ec;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(staging_, ec)) entries.push_back(entry.path());
    if (ec) fail(staging_, "cannot list the staging folder", ec);

    // Nothing of another kind in the way: checked before anything is touched.
    Journal journal;
    for (const fs::path& from : entries) {
        const fs::path to = dir_ / from.filename();
        const fs::file_status st = fs::symlink_status(to, ec);
        const bool exists = fs::exists(st);
        if (exists && fs::is_directory(st) != fs::is_directory(from))
            throw file_error(to.string(), "",
                             std::string("is in the way: a ") + (fs::is_directory(st) ? "folder" : "file") +
                                 " where the new " + (fs::is_directory(from) ? "folder" : "file") +
                                 " goes; nothing in the output folder was changed (move it away and run again)");
        journal.entries.emplace_back(from.filename().string(), exists);
    }

    const fs::path backup = dir_ / (commit_prefix + unique_tag());
    fs::create_directories(backup / "old", ec);
    if (ec) fail(backup, "cannot create the commit's backup folder", ec);
    std::string text;
    for (const auto& [name, had_old] : journal.entries) text += std::string(had_old ? "1 " : "0 ") + name + "\n";
    try {
        write_durably(backup / "journal", text);
    } catch (...) {
        fs::remove_all(backup, ec);
        throw;
    }

    std::vector<fs::path> moved;
    std::size_t step = 0;
    try {
        for (const auto& [name, had_old] : journal.entries) {
            const fs::path to = dir_ / name;
            if (before_commit_step) before_commit_step(step++);
            if (had_old) {
                fs::rename(to, backup / "old" / name, ec);
                if (ec) fail(to, "cannot move the previous entry aside", ec);
            }
            if (before_commit_step) before_commit_step(step++);
            fs::rename(staging_ / name, to, ec);
            if (ec) fail(to, "cannot move the new entry into the output folder", ec);
            moved.push_back(to);
        }
        if (before_commit_step) before_commit_step(step++);
        write_durably(backup / "done", "");
    } catch (...) {
        settle(dir_, backup);
        rollback();
        throw;
    }
    fs::remove_all(backup, ec);
    fs::remove_all(staging_, ec);
    done_ = true;
    return moved;
}

void StagedOutput::rollback() noexcept {
    std::error_code ec;
    if (!staging_.empty()) fs::remove_all(staging_, ec);
    if (!created_root_.empty()) fs::remove_all(created_root_, ec);
    done_ = true;
}

}  // namespace neurowire::platform
