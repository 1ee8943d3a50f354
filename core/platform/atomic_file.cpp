// Temporary names come from mkstemp/mkdtemp so that two writers of the same target never share one.
#include "core/platform/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"

namespace neurowire::platform {

void throw_os_error(const fs::path& file, const std::string& doing) {
    const int err = errno;
    throw file_error(file.string(), "", doing + ": " + std::strerror(err));
}

namespace {

fs::path parent_of(const fs::path& target) {
    const fs::path parent = target.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

// Creates the target's folder if needed: writers are given output folders that may not exist yet.
void ensure_parent(const fs::path& target) {
    std::error_code ec;
    fs::create_directories(parent_of(target), ec);
    if (ec) throw file_error(target.string(), "", "cannot create folder " + parent_of(target).string() +
                                                      ": " + ec.message());
}

// mkstemp/mkdtemp create owner-only entries; finished files should get the usual permissions.
mode_t default_mode(mode_t full) {
    static const mode_t mask = [] {
        const mode_t m = ::umask(0);
        ::umask(m);
        return m;
    }();
    return full & ~mask;
}

std::string hidden_template(const fs::path& target, const char* tag) {
    std::string name(".");   // built by appending: GCC 12 warns falsely (-Wrestrict) on "." + string
    name += target.filename().string();
    name += tag;
    name += "XXXXXX";
    return (parent_of(target) / name).string();
}

}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
    if (target_.filename().empty()) throw file_error(target_.string(), "", "not a file name");
    ensure_parent(target_);
    std::string name = hidden_template(target_, ".tmp-");
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw_os_error(target_, "cannot create a temporary file");
    ::fchmod(fd, default_mode(0666));
    ::close(fd);
    temp_ = name;
    open_ = true;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), open_(other.open_) {
    other.open_ = false;
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() noexcept {
    if (!open_) return;
    std::error_code ec;
    fs::remove(temp_, ec);
    open_ = false;
}

void AtomicFile::commit() {
    if (!open_) throw std::logic_error("AtomicFile::commit on a closed file");
    if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
        const int err = errno;
        discard();
        errno = err;
        throw_os_error(target_, "cannot rename the finished file into place");
    }
    open_ = false;
}

void write_stream_atomically(const fs::path& target, const std::function<void(std::ostream&)>& write,
                             bool binary) {
    AtomicFile file(target);
    {
        std::ofstream out(file.temp_path(), binary ? std::ios::binary | std::ios::trunc : std::ios::trunc);
        if (!out) throw_os_error(target, "cannot open for writing");
        write(out);
        out.flush();
        if (!out) throw_os_error(target, "write failed");
        out.close();
        if (!out) throw_os_error(target, "write failed on close");
    }
    file.commit();
}

const fs::path& AtomicFileSet::add(const fs::path& target) {
    files_.emplace_back(target);
    return files_.back().temp_path();
}

void AtomicFileSet::commit() {
    for (auto& file : files_) file.commit();
}

std::vector<fs::path> AtomicFileSet::targets() const {
    std::vector<fs::path> out;
    for (const auto& file : files_) out.push_back(file.target());
    return out;
}

AtomicDirectory::AtomicDirectory(fs::path target) : target_(std::move(target)) {
    if (target_.filename().empty()) target_ = target_.parent_path();
    ensure_parent(target_);
    std::string name = hidden_template(target_, ".staging-");
    if (::mkdtemp(name.data()) == nullptr) throw_os_error(target_, "cannot create a staging folder");
    ::chmod(name.c_str(), default_mode(0777));
    staging_ = name;
    open_ = true;
}

AtomicDirectory::~AtomicDirectory() { discard(); }

void AtomicDirectory::discard() noexcept {
    if (!open_) return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
    open_ = false;
}

void AtomicDirectory::commit() {
    if (!open_) throw std::logic_error("AtomicDirectory::commit on a closed folder");
    // rename() cannot replace a non-empty folder: move the old one aside first, put it back if the
    // new one cannot take its place, and delete it only once the new one is there.
    fs::path old;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(target_, ec))) {
        std::string name = hidden_template(target_, ".old-");
        if (::mkdtemp(name.data()) == nullptr) {
            const int err = errno;
            discard();
            errno = err;
            throw_os_error(target_, "cannot create a folder for the previous version");
        }
        old = fs::path(name) / "previous";
        if (std::rename(target_.c_str(), old.c_str()) != 0) {
            const int err = errno;
            fs::remove_all(old.parent_path(), ec);
            discard();
            errno = err;
            throw_os_error(target_, "cannot move the previous version aside");
        }
    }
    if (std::rename(staging_.c_str(), target_.c_str()) != 0) {
        const int err = errno;
        if (!old.empty()) {
            std::rename(old.c_str(), target_.c_str());
            fs::remove_all(old.parent_path(), ec);
        }
        discard();
        errno = err;
        throw_os_error(target_, "cannot rename the finished folder into place");
    }
    open_ = false;
    if (!old.empty()) fs::remove_all(old.parent_path(), ec);
}

}  // namespace neurowire::platform
