#pragma once
// Every file a reader opens goes through here, and only regular files get through: a FIFO would
// block forever, /dev/zero would be read without end and a directory reads as nothing. The path
// is checked with stat() before open(), so a FIFO is never opened; the open descriptor is checked
// again with fstat(), so a file swapped in between is caught as well.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace neurowire::io {

namespace fs = std::filesystem;

// The size in bytes of `file`, or a file_error naming the file and what it is when it is missing,
// unreadable or not a regular file (a directory, FIFO, socket or device). For libraries that open
// files by name themselves (HDF5).
std::uint64_t check_regular_file(const fs::path& file);

// A regular file open for reading.
class InputFile {
public:
    explicit InputFile(const fs::path& file);
    ~InputFile();
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&&) = delete;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const fs::path& path() const { return path_; }
    const std::string& name() const { return name_; }
    std::uint64_t size() const { return size_; }   // at opening
    int fd() const { return fd_; }
    // Gives the descriptor away (e.g. to libzip, which closes it); the object no longer owns it.
    int release() noexcept;

    // Up to n bytes into `to`; 0 at the end of the file; file_error on a read error.
    std::size_t read(void* to, std::size_t n);
    // Exactly n bytes unless the file ends first; returns how many were read.
    std::size_t read_full(void* to, std::size_t n);

private:
    fs::path path_;
    std::string name_;
    std::uint64_t size_ = 0;
    int fd_ = -1;
};

// A text file read line by line, each line at most `max_line` bytes: a longer one (a binary file,
// a missing newline in a huge file) is a file_error naming the line, not an unbounded string.
class LineReader {
public:
    static constexpr std::size_t default_max_line = std::size_t{1} << 20;

    explicit LineReader(const fs::path& file, std::size_t max_line = default_max_line);

    // The next line without its '\n' (a trailing '\r' is kept: callers trim); false at the end.
    bool next(std::string& line);
    std::size_t line_number() const { return line_no_; }   // of the line last returned, 1-based
    std::uint64_t size() const { return file_.size(); }
    std::uint64_t consumed() const { return consumed_; }   // bytes up to the end of that line
    const std::string& name() const { return file_.name(); }

private:
    InputFile file_;
    std::size_t max_line_;
    std::string buffer_;
    std::size_t pos_ = 0;   // first unread byte of buffer_
    bool eof_ = false;
    std::size_t line_no_ = 0;
    std::uint64_t consumed_ = 0;
};

}  // namespace neurowire::io
