#include "app/staged_output.hpp"

#include <atomic>
#include <system_error>

#include <unistd.h>

#include "core/error.hpp"

namespace neurowire::app {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& doing, const std::error_code& ec) {
    throw file_error(path.string(), "", doing + ": " + ec.message());
}

// Unique per process and per object, so concurrent runs into one DIR never share a staging folder.
std::string staging_name() {
    static std::atomic<unsigned> counter{0};
    return ".neurowire-staging-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

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
    fs::create_directories(dir_, ec);
    if (ec) fail(dir_, "cannot create the output folder", ec);
    created_root_ = missing;
    staging_ = dir_ / staging_name();
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
    std::vector<fs::path> moved;
    std::vector<fs::path> entries;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(staging_, ec)) entries.push_back(entry.path());
    if (ec) fail(staging_, "cannot list the staging folder", ec);
    for (const fs::path& from : entries) {
        const fs::path to = dir_ / from.filename();
        // rename() replaces a file atomically but not a non-empty folder (e.g. DIR/sonata/).
        if (fs::is_directory(from) && fs::exists(to)) fs::remove_all(to, ec);
        if (!ec) fs::rename(from, to, ec);
        if (ec) {
            for (const fs::path& p : moved) {
                std::error_code ignored;
                fs::remove_all(p, ignored);
            }
            rollback();
            fail(to, "cannot move the new file into the output folder", ec);
        }
        moved.push_back(to);
    }
    fs::remove(staging_, ec);
    done_ = true;
    return moved;
}

void StagedOutput::rollback() noexcept {
    std::error_code ec;
    if (!staging_.empty()) fs::remove_all(staging_, ec);
    if (!created_root_.empty()) fs::remove_all(created_root_, ec);
    done_ = true;
}

}  // namespace neurowire::app
