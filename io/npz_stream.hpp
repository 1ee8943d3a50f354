#pragma once
// An .npz written piece by piece, for arrays larger than memory: every member's length is known
// before its data, so each member's place in the archive is computed up front and its slices are
// written there as they come (in any order — disjoint writers may fill one file), each slice's
// CRC-32 combined into the member's (zlib's crc32_combine). The bytes equal write_npz()'s with
// Compression::store (libzip's layout: fixed date, Unix attributes), with ZIP64 records where a
// size or offset passes 4 GiB.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/npy.hpp"

namespace neurowire::io {

struct StreamedMember {
    std::string name;          // without ".npy"
    Dtype dtype = Dtype::f64;
    std::vector<std::size_t> shape;   // C order; {} for a scalar
};

// Where every member goes; pure arithmetic, shared by all writers of one file.
class NpzLayout {
public:
    explicit NpzLayout(std::vector<StreamedMember> members);
    std::size_t members() const { return members_.size(); }
    const std::string& header(std::size_t m) const { return headers_[m]; }   // the member's .npy header
    std::uint64_t data_bytes(std::size_t m) const { return data_bytes_[m]; }  // after the .npy header
    // Offset in the archive of the member's array data (past its zip and .npy headers).
    std::uint64_t data_offset(std::size_t m) const;
    std::uint64_t archive_bytes() const { return end_of_archive_; }

    // The zip records around the data, once the members' CRC-32s (of .npy header + data) are
    // known: local headers (with the .npy headers after them) and the central directory.
    struct Record {
        std::uint64_t offset;
        std::string bytes;
    };
    std::vector<Record> records(const std::vector<std::uint32_t>& member_crc) const;

private:
    std::vector<StreamedMember> members_;
    std::vector<std::string> headers_;
    std::vector<std::uint64_t> data_bytes_, local_offset_;
    std::uint64_t central_offset_ = 0, end_of_archive_ = 0;
    bool zip64_member(std::size_t m) const;
};

// One process writing the whole file: slices in any order, then finish() (all or nothing: the
// file appears at `path` only when finish() succeeds).
class NpzStreamWriter {
public:
    NpzStreamWriter(const std::filesystem::path& path, std::vector<StreamedMember> members);
    ~NpzStreamWriter();
    NpzStreamWriter(const NpzStreamWriter&) = delete;
    NpzStreamWriter& operator=(const NpzStreamWriter&) = delete;

    // `bytes` of member m's data starting `at` bytes into it.
    void write(std::size_t m, std::uint64_t at, const void* data, std::size_t bytes);
    // Every byte of every member must have been written exactly once.
    void finish();

    const NpzLayout& layout() const { return layout_; }

private:
    void pwrite_all(std::uint64_t offset, const void* data, std::size_t bytes);

    std::filesystem::path path_;
    NpzLayout layout_;
    AtomicFile file_;
    int fd_ = -1;
    // Per member: CRC-32 of the slices written so far, as runs keyed by start (combined in order).
    struct Slice {
        std::uint64_t at, bytes;
        std::uint32_t crc;
    };
    std::vector<std::vector<Slice>> slices_;
};

// CRC-32 of the concatenation of pieces with these CRCs and lengths, in order.
std::uint32_t combine_crc32(std::uint32_t first, std::uint32_t second, std::uint64_t second_bytes);

}  // namespace neurowire::io
