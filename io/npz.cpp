// Each member is a libzip "function source" that serves the .npy header and then the caller's
// bytes, so writing a large connectome needs no second copy of its arrays. Members carry a fixed
// modification time: the same arrays give a byte-identical archive, as the same seed must.
#include "io/npz.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

#include <zip.h>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace neurowire::io {

namespace {

constexpr time_t fixed_mtime = 946684800;   // 2000-01-01: DOS timestamps cannot go before 1980

struct MemberSource {
    std::string header;
    const unsigned char* data = nullptr;
    std::size_t data_size = 0;
    std::size_t pos = 0;
    zip_error_t error{};

    std::size_t total() const { return header.size() + data_size; }
};

zip_int64_t member_callback(void* user, void* out, zip_uint64_t len, zip_source_cmd_t cmd) {
    auto* src = static_cast<MemberSource*>(user);
    switch (cmd) {
        case ZIP_SOURCE_OPEN:
            src->pos = 0;
            return 0;
        case ZIP_SOURCE_READ: {
            auto* dst = static_cast<unsigned char*>(out);
            std::size_t done = 0;
            while (done < len && src->pos < src->total()) {
                const bool in_header = src->pos < src->header.size();
                const unsigned char* from = in_header
                    ? reinterpret_cast<const unsigned char*>(src->header.data()) + src->pos
                    : src->data + (src->pos - src->header.size());
                const std::size_t left = in_header ? src->header.size() - src->pos : src->total() - src->pos;
                const std::size_t n = std::min<std::size_t>(left, len - done);
                std::memcpy(dst + done, from, n);
                done += n;
                src->pos += n;
            }
            return static_cast<zip_int64_t>(done);
        }
        case ZIP_SOURCE_CLOSE:
        case ZIP_SOURCE_FREE:
            return 0;
        case ZIP_SOURCE_STAT: {
            auto* st = static_cast<zip_stat_t*>(out);
            zip_stat_init(st);
            st->size = src->total();
            st->mtime = fixed_mtime;
            st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
            return sizeof(zip_stat_t);
        }
        case ZIP_SOURCE_ERROR:
            return zip_error_to_data(&src->error, out, len);
        case ZIP_SOURCE_SUPPORTS:
            return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                                  ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
        default:
            zip_error_set(&src->error, ZIP_ER_OPNOTSUPP, 0);
            return -1;
    }
}

std::string zip_message(int code) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return msg;
}

struct ArchiveCloser {
    void operator()(zip_t* z) const { if (z) zip_discard(z); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

}  // namespace

void write_npz(const std::filesystem::path& path, const std::vector<NamedView>& arrays, Compression compression) {
    std::set<std::string> names;
    for (const auto& a : arrays) {
        if (a.name.empty() || !names.insert(a.name).second)
            throw std::logic_error("write_npz: array names must be unique and non-empty ('" + a.name + "')");
    }
    const std::string file = path.string();
    AtomicFile out(path);
    // Sources must outlive zip_close, which is when libzip actually reads them.
    std::vector<std::unique_ptr<MemberSource>> sources;
    int code = 0;
    Archive zip(zip_open(out.temp_path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
    if (!zip) throw file_error(file, "", "cannot create the archive: " + zip_message(code));
    const auto fail = [&](const std::string& what) {
        throw file_error(file, what, std::string("libzip: ") + zip_strerror(zip.get()));
    };
    for (const auto& a : arrays) {
        auto src = std::make_unique<MemberSource>();
        src->header = npy_header(a.array);
        src->data = static_cast<const unsigned char*>(a.array.data);
        src->data_size = a.array.bytes();
        zip_error_init(&src->error);
        const std::string member = a.name + ".npy";
        zip_source_t* zs = zip_source_function(zip.get(), member_callback, src.get());
        if (!zs) fail("member '" + member + "'");
        sources.push_back(std::move(src));
        const zip_int64_t index = zip_file_add(zip.get(), member.c_str(), zs, 0);
        if (index < 0) {
            zip_source_free(zs);
            fail("member '" + member + "'");
        }
        const zip_int32_t method = compression == Compression::deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
        if (zip_set_file_compression(zip.get(), static_cast<zip_uint64_t>(index), method, 0) != 0 ||
            zip_file_set_mtime(zip.get(), static_cast<zip_uint64_t>(index), fixed_mtime, 0) != 0)
            fail("member '" + member + "'");
    }
    if (zip_close(zip.get()) != 0) fail("");
    zip.release();   // zip_close freed it
    for (auto& s : sources) zip_error_fini(&s->error);
    out.commit();
}

std::vector<NamedArray> read_npz(const std::filesystem::path& path) {
    const std::string file = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw file_error(file, "", "cannot open: " + ec.message());
    if (size == 0) throw file_error(file, "", "empty file");
    int code = 0;
    Archive zip(zip_open(file.c_str(), ZIP_RDONLY, &code));
    if (!zip) throw file_error(file, "", "not a readable .npz (zip) archive: " + zip_message(code));

    std::vector<NamedArray> out;
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        zip_stat_t st;
        if (zip_stat_index(zip.get(), index, 0, &st) != 0) throw file_error(file, "member " + std::to_string(i), zip_strerror(zip.get()));
        const std::string member = st.name;
        if (member.size() < 4 || member.compare(member.size() - 4, 4, ".npy") != 0) continue;   // not an array
        const std::string where = "member '" + member + "'";
        zip_file_t* zf = zip_fopen_index(zip.get(), index, 0);
        if (!zf) throw file_error(file, where, std::string("cannot open: ") + zip_strerror(zip.get()));
        // Stream straight into the array; a short or failing read shows up as truncated data.
        std::string zf_error;
        const auto reader = [&](unsigned char* to, std::size_t n) -> std::size_t {
            const zip_int64_t r = zip_fread(zf, to, n);
            if (r < 0) zf_error = zip_error_strerror(zip_file_get_error(zf));
            return r > 0 ? static_cast<std::size_t>(r) : 0;
        };
        try {
            Array array = read_npy_stream(reader, file, where);
            zip_fclose(zf);
            out.push_back({member.substr(0, member.size() - 4), std::move(array)});
        } catch (const file_error& e) {
            zip_fclose(zf);
            if (zf_error.empty()) throw;
            throw file_error(file, where, "corrupt archive member: " + zf_error);
        }
    }
    return out;
}

const Array& find_array(const std::vector<NamedArray>& arrays, const std::string& name, const std::filesystem::path& file) {
    for (const auto& a : arrays)
        if (a.name == name) return a.array;
    std::string present;
    for (const auto& a : arrays) present += (present.empty() ? "" : ", ") + a.name;
    throw file_error(file.string(), "member '" + name + ".npy'",
                     "missing (the archive holds: " + (present.empty() ? std::string("nothing") : present) + ")");
}

}  // namespace neurowire::io
