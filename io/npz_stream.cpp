#include "io/npz_stream.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "core/error.hpp"

namespace neurowire::io {

namespace {

constexpr std::uint64_t u32_max = 0xFFFFFFFFu;
constexpr std::uint16_t dos_date = 0x2821;   // 2000-01-01, as write_npz's fixed mtime
constexpr std::uint16_t dos_time = 0;
constexpr std::uint32_t unix_attributes = 0x81B60000u;   // regular file, rw-rw-rw- (libzip's default)

void put16(std::string& s, std::uint16_t v) {
    s.push_back(char(v & 0xFF));
    s.push_back(char(v >> 8));
}
void put32(std::string& s, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(char((v >> (8 * i)) & 0xFF));
}
void put64(std::string& s, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) s.push_back(char((v >> (8 * i)) & 0xFF));
}

std::string member_name(const StreamedMember& m) { return m.name + ".npy"; }

}  // namespace

std::uint32_t combine_crc32(std::uint32_t first, std::uint32_t second, std::uint64_t second_bytes) {
    return static_cast<std::uint32_t>(crc32_combine(first, second, static_cast<z_off_t>(second_bytes)));
}

NpzLayout::NpzLayout(std::vector<StreamedMember> members) : members_(std::move(members)) {
    std::uint64_t at = 0;
    for (std::size_t m = 0; m < members_.size(); ++m) {
        const auto& mem = members_[m];
        ArrayView shape_only{mem.dtype, mem.shape, nullptr, false, nullptr};
        headers_.push_back(npy_header(shape_only));
        std::uint64_t n = dtype_size(mem.dtype);
        for (std::size_t d : mem.shape) n *= d;
        data_bytes_.push_back(n);
        local_offset_.push_back(at);
        const std::uint64_t size = headers_.back().size() + n;
        at += 30 + member_name(mem).size() + (size >= u32_max ? 20 : 0) + size;
    }
    central_offset_ = at;
    for (std::size_t m = 0; m < members_.size(); ++m) {
        std::uint64_t extra = 0;
        const std::uint64_t size = headers_[m].size() + data_bytes_[m];
        if (size >= u32_max) extra += 16;
        if (local_offset_[m] >= u32_max) extra += 8;
        at += 46 + member_name(members_[m]).size() + (extra ? 4 + extra : 0);
    }
    const bool zip64_end = central_offset_ >= u32_max || members_.size() >= 0xFFFF || at - central_offset_ >= u32_max;
    at += (zip64_end ? 56 + 20 : 0) + 22;
    end_of_archive_ = at;
}

bool NpzLayout::zip64_member(std::size_t m) const { return headers_[m].size() + data_bytes_[m] >= u32_max; }

std::uint64_t NpzLayout::data_offset(std::size_t m) const {
    return local_offset_[m] + 30 + member_name(members_[m]).size() + (zip64_member(m) ? 20 : 0) + headers_[m].size();
}

std::vector<NpzLayout::Record> NpzLayout::records(const std::vector<std::uint32_t>& crc) const {
    std::vector<Record> out;
    std::string central;
    for (std::size_t m = 0; m < members_.size(); ++m) {
        const std::string name = member_name(members_[m]);
        const std::uint64_t size = headers_[m].size() + data_bytes_[m];
        const bool big = zip64_member(m);
        const bool far = local_offset_[m] >= u32_max;
        std::string local;
        put32(local, 0x04034b50);
        put16(local, big ? 45 : 10);
        put16(local, 0);   // flags
        put16(local, 0);   // stored
        put16(local, dos_time);
        put16(local, dos_date);
        put32(local, crc[m]);
        put32(local, big ? std::uint32_t(u32_max) : std::uint32_t(size));
        put32(local, big ? std::uint32_t(u32_max) : std::uint32_t(size));
        put16(local, std::uint16_t(name.size()));
        put16(local, big ? 20 : 0);
        local += name;
        if (big) {
            put16(local, 0x0001);
            put16(local, 16);
            put64(local, size);
            put64(local, size);
        }
        local += headers_[m];
        out.push_back({local_offset_[m], std::move(local)});

        put32(central, 0x02014b50);
        put16(central, 0x033F);   // made by: Unix, version 6.3
        put16(central, big || far ? 45 : 10);
        put16(central, 0);
        put16(central, 0);
        put16(central, dos_time);
        put16(central, dos_date);
        put32(central, crc[m]);
        put32(central, big ? std::uint32_t(u32_max) : std::uint32_t(size));
        put32(central, big ? std::uint32_t(u32_max) : std::uint32_t(size));
        put16(central, std::uint16_t(name.size()));
        const std::uint16_t extra = std::uint16_t((big ? 16 : 0) + (far ? 8 : 0));
        put16(central, extra ? std::uint16_t(4 + extra) : 0);
        put16(central, 0);   // comment
        put16(central, 0);   // disk
        put16(central, 0);   // internal attributes
        put32(central, unix_attributes);
        put32(central, far ? std::uint32_t(u32_max) : std::uint32_t(local_offset_[m]));
        central += name;
        if (extra) {
            put16(central, 0x0001);
            put16(central, extra);
            if (big) {
                put64(central, size);
                put64(central, size);
            }
            if (far) put64(central, local_offset_[m]);
        }
    }
    const std::uint64_t central_bytes = central.size();
    const std::uint64_t n = members_.size();
    const bool zip64_end = central_offset_ >= u32_max || n >= 0xFFFF || central_bytes >= u32_max;
    if (zip64_end) {
        const std::uint64_t end64 = central_offset_ + central_bytes;
        put32(central, 0x06064b50);
        put64(central, 44);
        put16(central, 45);   // made by, as libzip writes it here
        put16(central, 45);
        put32(central, 0);
        put32(central, 0);
        put64(central, n);
        put64(central, n);
        put64(central, central_bytes);
        put64(central, central_offset_);
        put32(central, 0x07064b50);
        put32(central, 0);
        put64(central, end64);
        put32(central, 1);
    }
    put32(central, 0x06054b50);
    put16(central, 0);
    put16(central, 0);
    // Only the fields that overflow are saturated (libzip's choice; readers take the ZIP64 record).
    put16(central, n >= 0xFFFF ? 0xFFFF : std::uint16_t(n));
    put16(central, n >= 0xFFFF ? 0xFFFF : std::uint16_t(n));
    put32(central, central_bytes >= u32_max ? std::uint32_t(u32_max) : std::uint32_t(central_bytes));
    put32(central, central_offset_ >= u32_max ? std::uint32_t(u32_max) : std::uint32_t(central_offset_));
    put16(central, 0);
    if (central_offset_ + central.size() != end_of_archive_)
        throw std::logic_error("NpzLayout: the central directory does not end where computed");
    out.push_back({central_offset_, std::move(central)});
    return out;
}

NpzStreamWriter::NpzStreamWriter(const std::filesystem::path& path, std::vector<StreamedMember> members)
    : path_(path), layout_(std::move(members)), file_(path), slices_(layout_.members()) {
    fd_ = ::open(file_.temp_path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw_os_error(file_.temp_path(), "cannot create");
    // Sized up front: a full disk shows now rather than at the last slice (where supported).
    if (::posix_fallocate(fd_, 0, static_cast<off_t>(layout_.archive_bytes())) == ENOSPC) {
        ::close(fd_);
        fd_ = -1;
        throw file_error(path_.string(), "", "no space left on the device for " + std::to_string(layout_.archive_bytes()) + " bytes");
    }
}

NpzStreamWriter::~NpzStreamWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void NpzStreamWriter::pwrite_all(std::uint64_t offset, const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (bytes > 0) {
        const ssize_t n = ::pwrite(fd_, p, std::min<std::size_t>(bytes, std::size_t{1} << 30), static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            throw_os_error(file_.temp_path(), "cannot write");
        }
        p += n;
        offset += std::uint64_t(n);
        bytes -= std::size_t(n);
    }
}

void NpzStreamWriter::write(std::size_t m, std::uint64_t at, const void* data, std::size_t bytes) {
    if (m >= layout_.members() || at + bytes > layout_.data_bytes(m))
        throw std::logic_error("NpzStreamWriter::write: slice outside member " + std::to_string(m));
    if (bytes == 0) return;
    pwrite_all(layout_.data_offset(m) + at, data, bytes);
    std::uint32_t crc = 0;
    const auto* p = static_cast<const Bytef*>(data);
    for (std::size_t done = 0; done < bytes;) {   // zlib's crc32 takes uInt lengths
        const std::size_t n = std::min<std::size_t>(bytes - done, std::size_t{1} << 30);
        crc = static_cast<std::uint32_t>(::crc32(crc, p + done, static_cast<uInt>(n)));
        done += n;
    }
    slices_[m].push_back({at, bytes, crc});
}

void NpzStreamWriter::finish() {
    std::vector<std::uint32_t> crc(layout_.members());
    for (std::size_t m = 0; m < layout_.members(); ++m) {
        auto& s = slices_[m];
        std::sort(s.begin(), s.end(), [](const Slice& a, const Slice& b) { return a.at < b.at; });
        const std::string& h = layout_.header(m);
        std::uint32_t c = static_cast<std::uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(h.data()), uInt(h.size())));
        std::uint64_t covered = 0;
        for (const auto& piece : s) {
            if (piece.at != covered) throw std::logic_error("NpzStreamWriter::finish: member " + std::to_string(m) + " has a gap or overlap");
            c = combine_crc32(c, piece.crc, piece.bytes);
            covered += piece.bytes;
        }
        if (covered != layout_.data_bytes(m)) throw std::logic_error("NpzStreamWriter::finish: member " + std::to_string(m) + " incomplete");
        crc[m] = c;
    }
    for (const auto& r : layout_.records(crc)) pwrite_all(r.offset, r.bytes.data(), r.bytes.size());
    if (::close(fd_) != 0) {
        fd_ = -1;
        throw_os_error(file_.temp_path(), "cannot write");
    }
    fd_ = -1;
    file_.commit();
}

}  // namespace neurowire::io
