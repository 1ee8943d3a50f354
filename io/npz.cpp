// Writing .npz (the reader is in npz_read.cpp). Each member is a libzip "function source" that
// serves the .npy header and then the caller's bytes, so writing a large connectome needs no
// second copy of its arrays. Members carry a fixed modification time: the same arrays give a
// byte-identical archive, as the same seed must.
#include "io/npz.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/zip_util.hpp"

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
    zip_util::Archive zip(zip_open(out.temp_path().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
    if (!zip) throw file_error(file, "", "cannot create the archive: " + zip_util::message(code));
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

}  // namespace neurowire::io
