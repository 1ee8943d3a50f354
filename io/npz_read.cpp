// Reading .npz. The zip directory is input like the rest: each member's declared sizes are checked
// against the archive's length and against what its compression can produce, the .npy inside is
// bounded by the declared uncompressed size, and decompression never goes past it — a small
// archive that would inflate to gigabytes is refused or stopped, never read whole first.
#include <set>

#include "core/error.hpp"
#include "io/input_file.hpp"
#include "io/npz.hpp"
#include "io/zip_util.hpp"

namespace neurowire::io {

namespace {

// Deflate cannot expand data by more than about 1032:1 (a 258-byte match coded in 2 bits).
constexpr std::uint64_t max_deflate_ratio = 1032;

// The sizes a member declares, checked before anything of it is read.
void check_declared_sizes(const zip_stat_t& st, std::uint64_t archive_size, const std::string& file,
                          const std::string& where) {
    constexpr zip_uint64_t needed = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD;
    if ((st.valid & needed) != needed) throw file_error(file, where, "the zip directory gives no sizes for it");
    if (st.comp_size > archive_size)
        throw file_error(file, where, "declares " + std::to_string(st.comp_size) +
                                          " compressed bytes, more than the whole archive holds (" +
                                          std::to_string(archive_size) + ")");
    if (st.comp_method == ZIP_CM_STORE) {
        if (st.size != st.comp_size)
            throw file_error(file, where, "stored uncompressed, yet declares " + std::to_string(st.size) +
                                              " bytes of content in " + std::to_string(st.comp_size));
    } else if (st.comp_method == ZIP_CM_DEFLATE) {
        if (st.size / max_deflate_ratio > st.comp_size)
            throw file_error(file, where, "declares " + std::to_string(st.size) + " bytes inflated from " +
                                              std::to_string(st.comp_size) +
                                              " compressed, more than deflate can produce (about 1032:1)");
    } else {
        throw file_error(file, where, "compression method " + std::to_string(st.comp_method) +
                                          ": expected stored or deflated members (what numpy writes)");
    }
}

// Reads member `index` as a .npy, never decompressing past its declared size, then reads to its
// end so that libzip checks the CRC.
Array read_member(zip_t* zip, zip_uint64_t index, const zip_stat_t& st, const std::string& file,
                  const std::string& where) {
    zip_util::MemberFile zf(zip_fopen_index(zip, index, 0));
    if (!zf) throw file_error(file, where, std::string("cannot open: ") + zip_strerror(zip));
    std::uint64_t left = st.size;
    std::string zf_error;
    const auto read = [&](unsigned char* to, std::size_t n) -> std::size_t {
        if (left == 0) return 0;
        const zip_int64_t r = zip_fread(zf.get(), to, static_cast<zip_uint64_t>(std::min<std::uint64_t>(n, left)));
        if (r < 0) {
            zf_error = zip_error_strerror(zip_file_get_error(zf.get()));
            return 0;
        }
        left -= static_cast<std::uint64_t>(r);
        return static_cast<std::size_t>(r);
    };
    Array array;
    try {
        array = read_npy_stream(read, st.size, file, where);
    } catch (const file_error&) {
        if (zf_error.empty()) throw;
        throw file_error(file, where, "corrupt archive member: " + zf_error);
    }
    unsigned char rest[1 << 12];
    while (read(rest, sizeof rest) > 0) {}   // bytes after the array: numpy ignores them, so do we
    if (zf_error.empty()) {
        const zip_int64_t extra = zip_fread(zf.get(), rest, 1);   // the end: CRC checked here
        if (extra > 0)
            throw file_error(file, where, "inflates to more than the " + std::to_string(st.size) + " bytes it declares");
        if (extra < 0) zf_error = zip_error_strerror(zip_file_get_error(zf.get()));
    }
    if (!zf_error.empty()) throw file_error(file, where, "corrupt archive member: " + zf_error);
    return array;
}

}  // namespace

std::vector<NamedArray> read_npz(const std::filesystem::path& path) {
    InputFile in(path);
    const std::string file = in.name();
    if (in.size() == 0) throw file_error(file, "", "empty file");
    int code = 0;
    zip_util::Archive zip(zip_fdopen(in.fd(), 0, &code));
    if (!zip) throw file_error(file, "", "not a readable .npz (zip) archive: " + zip_util::message(code));
    in.release();   // libzip closes the descriptor with the archive

    std::vector<NamedArray> out;
    std::set<std::string> names;
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<zip_uint64_t>(i);
        zip_stat_t st;
        if (zip_stat_index(zip.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
            throw file_error(file, "member " + std::to_string(i), zip_strerror(zip.get()));
        const std::string member = st.name;
        if (member.size() < 4 || member.compare(member.size() - 4, 4, ".npy") != 0) continue;   // not an array
        const std::string where = "member '" + member + "'";
        if (!names.insert(member).second) throw file_error(file, where, "appears twice in the archive");
        check_declared_sizes(st, in.size(), file, where);
        Array array = read_member(zip.get(), index, st, file, where);
        out.push_back({member.substr(0, member.size() - 4), std::move(array)});
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
