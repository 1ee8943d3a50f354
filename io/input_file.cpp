// Regular files only; see input_file.hpp.
#include "io/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.hpp"

namespace neurowire::io {

namespace {

// What a non-regular file is, in the words of an error message.
const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe), which is not opened since reading it could wait forever";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

[[noreturn]] void fail_errno(const std::string& file, const std::string& doing, int err) {
    throw file_error(file, "", doing + ": " + std::strerror(err));
}

std::uint64_t regular_size(const struct stat& st, const std::string& file) {
    if (!S_ISREG(st.st_mode)) throw file_error(file, "", std::string("expected a regular file, found ") + kind_of(st.st_mode));
    return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace

std::uint64_t check_regular_file(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) fail_errno(file.string(), "cannot open", errno);
    return regular_size(st, file.string());
}

InputFile::InputFile(const fs::path& file) : path_(file), name_(file.string()) {
    check_regular_file(file);
    // O_NONBLOCK: should a FIFO have replaced the file since the check, open() must not wait on it.
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd_ < 0) fail_errno(name_, "cannot open", errno);
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int err = errno;
        ::close(fd_);
        fail_errno(name_, "cannot open", err);
    }
    if (!S_ISREG(st.st_mode)) ::close(std::exchange(fd_, -1));
    size_ = regular_size(st, name_);
}

InputFile::~InputFile() {
    if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : path_(std::move(other.path_)), name_(std::move(other.name_)), size_(other.size_), fd_(std::exchange(other.fd_, -1)) {}

int InputFile::release() noexcept { return std::exchange(fd_, -1); }

std::size_t InputFile::read(void* to, std::size_t n) {
    while (true) {
        const ssize_t r = ::read(fd_, to, n);
        if (r >= 0) return static_cast<std::size_t>(r);
        if (errno != EINTR) fail_errno(name_, "read error", errno);
    }
}

std::size_t InputFile::read_full(void* to, std::size_t n) {
    auto* p = static_cast<unsigned char*>(to);
    std::size_t got = 0;
    while (got < n) {
        const std::size_t r = read(p + got, n - got);
        if (r == 0) break;
        got += r;
    }
    return got;
}

LineReader::LineReader(const fs::path& file, std::size_t max_line) : file_(file), max_line_(max_line) {}

bool LineReader::next(std::string& line) {
    constexpr std::size_t chunk = std::size_t{1} << 16;
    std::size_t from = pos_;   // bytes before `from` hold no newline
    while (true) {
        const std::size_t at = buffer_.find('\n', from);
        const bool complete = at != std::string::npos;
        const std::size_t end = complete ? at : buffer_.size();
        if (end - pos_ > max_line_)
            throw file_error(file_.name(), "line " + std::to_string(line_no_ + 1),
                             "longer than " + std::to_string(max_line_) + " bytes (is this a text file?)");
        if (complete || (eof_ && pos_ < buffer_.size())) {
            line.assign(buffer_, pos_, end - pos_);
            consumed_ += end - pos_ + (complete ? 1 : 0);
            pos_ = complete ? at + 1 : end;
            ++line_no_;
            return true;
        }
        if (eof_) return false;
        buffer_.erase(0, pos_);
        pos_ = 0;
        const std::size_t old = buffer_.size();
        from = old;
        buffer_.resize(old + chunk);
        const std::size_t got = file_.read_full(buffer_.data() + old, chunk);
        buffer_.resize(old + got);
        eof_ = got < chunk;
    }
}

}  // namespace neurowire::io
