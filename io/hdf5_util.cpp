// HDF5 C API wrappers; see hdf5_util.hpp.
#include "io/hdf5_util.hpp"

#include "core/error.hpp"

namespace neurowire::io::h5 {

namespace {
// Deflate cannot expand data by more than about 1032:1 (a 258-byte match coded in 2 bits).
constexpr double max_deflate_ratio = 1032.0;
}  // namespace

namespace {

herr_t last_message(unsigned, const H5E_error2_t* e, void* out) {
    if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
    return 0;
}

std::string hdf5_message() {
    std::string msg;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, last_message, &msg);
    H5Eclear2(H5E_DEFAULT);
    return msg.empty() ? "HDF5 call failed" : "HDF5: " + msg;
}

}  // namespace

QuietErrors::QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}
QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

hid_t check(hid_t id, const std::string& file, const std::string& where) {
    if (id < 0) throw file_error(file, where, hdf5_message());
    return id;
}

File File::create(const std::string& path) {
    File f;
    f.path_ = path;
    // HDF5 stamps every object with its creation and modification time unless told otherwise;
    // the file creation list covers the root group, the two lists below everything else.
    Handle fcpl(check(H5Pcreate(H5P_FILE_CREATE), path, "file creation properties"));
    check(H5Pset_obj_track_times(fcpl.get(), false), path, "file creation properties");
    // The oldest format readers know (h5py, libsonata, NEST's HDF5), and no newer one however the
    // library was built.
    Handle fapl(check(H5Pcreate(H5P_FILE_ACCESS), path, "file access properties"));
    check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), path, "file access properties");
    f.object_create_ = Handle(check(H5Pcreate(H5P_GROUP_CREATE), path, "group creation properties"));
    check(H5Pset_obj_track_times(f.object_create_.get(), false), path, "group creation properties");
    f.dataset_create_ = Handle(check(H5Pcreate(H5P_DATASET_CREATE), path, "dataset creation properties"));
    check(H5Pset_obj_track_times(f.dataset_create_.get(), false), path, "dataset creation properties");
    f.h_ = Handle(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), path, ""));
    return f;
}

File File::open_write(const std::string& path) {
    File f = open_read(path);
    f.h_.reset();
    f.h_ = Handle(check(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), path, ""));
    f.object_create_ = Handle(check(H5Pcreate(H5P_GROUP_CREATE), path, "group creation properties"));
    check(H5Pset_obj_track_times(f.object_create_.get(), false), path, "group creation properties");
    f.dataset_create_ = Handle(check(H5Pcreate(H5P_DATASET_CREATE), path, "dataset creation properties"));
    check(H5Pset_obj_track_times(f.dataset_create_.get(), false), path, "dataset creation properties");
    return f;
}

File File::open_read(const std::string& path) {
    File f;
    f.path_ = path;
    if (H5Fis_hdf5(path.c_str()) <= 0) {   // H5Fis_accessible needs HDF5 1.12
        H5Eclear2(H5E_DEFAULT);
        throw file_error(path, "", "not a readable HDF5 file");
    }
    f.h_ = Handle(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), path, ""));
    return f;
}

void File::close() {
    if (h_.get() < 0) return;
    check(H5Fclose(h_.release()), path_, "closing");
}

Handle File::create_group(hid_t loc, const std::string& name) const {
    const hid_t gcpl = object_create_.get() >= 0 ? object_create_.get() : H5P_DEFAULT;
    return Handle(check(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), path_, "group " + name));
}

Handle File::open_group(hid_t loc, const std::string& name) const {
    return Handle(check(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), path_, "group " + name));
}

bool File::exists(hid_t loc, const std::string& name) const {
    const htri_t r = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
    if (r < 0) H5Eclear2(H5E_DEFAULT);
    return r > 0;
}

bool File::exists_path(hid_t loc, const std::string& path) const {
    // H5Lexists on a/b/c fails (rather than answering no) when a or a/b is missing.
    for (std::size_t end = path.find('/'); ; end = path.find('/', end + 1)) {
        if (!exists(loc, path.substr(0, end))) return false;
        if (end == std::string::npos) return true;
    }
}

namespace {

H5I_type_t object_kind(hid_t loc, const std::string& name) {
    const hid_t obj = H5Oopen(loc, name.c_str(), H5P_DEFAULT);
    if (obj < 0) {
        H5Eclear2(H5E_DEFAULT);
        return H5I_BADID;
    }
    const H5I_type_t kind = H5Iget_type(obj);
    H5Oclose(obj);
    return kind;
}

}  // namespace

bool File::is_group(hid_t loc, const std::string& name) const {
    return exists_path(loc, name) && object_kind(loc, name) == H5I_GROUP;
}

bool File::is_dataset(hid_t loc, const std::string& name) const {
    return exists_path(loc, name) && object_kind(loc, name) == H5I_DATASET;
}

void File::hard_link(hid_t loc, const std::string& existing, const std::string& new_name) const {
    check(H5Lcreate_hard(loc, existing.c_str(), loc, new_name.c_str(), H5P_DEFAULT, H5P_DEFAULT), path_,
          "link " + new_name + " to " + existing);
}

void File::write(hid_t loc, const std::string& name, hid_t file_type, hid_t mem, const void* data,
                 const std::vector<hsize_t>& dims) const {
    const std::string where = "dataset " + name;
    Handle space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), path_, where));
    const hid_t dcpl = dataset_create_.get() >= 0 ? dataset_create_.get() : H5P_DEFAULT;
    Handle set(check(H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl, H5P_DEFAULT), path_,
                     where));
    hsize_t n = 1;
    for (auto d : dims) n *= d;
    if (n > 0) check(H5Dwrite(set.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), path_, where);
}

std::vector<hsize_t> File::dims(hid_t loc, const std::string& name) const {
    const std::string where = "dataset " + name;
    Handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), path_, where));
    Handle space(check(H5Dget_space(set.get()), path_, where));
    const int rank = static_cast<int>(check(H5Sget_simple_extent_ndims(space.get()), path_, where));
    std::vector<hsize_t> out(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space.get(), out.data(), nullptr), path_, where);
    return out;
}

File::TypeInfo File::type_info(hid_t loc, const std::string& name) const {
    const std::string where = "dataset " + name;
    Handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), path_, where));
    Handle type(check(H5Dget_type(set.get()), path_, where));
    TypeInfo info;
    info.cls = H5Tget_class(type.get());
    info.size = H5Tget_size(type.get());
    info.is_signed = info.cls == H5T_INTEGER && H5Tget_sign(type.get()) == H5T_SGN_2;
    return info;
}

void File::read_into(hid_t loc, const std::string& name, hid_t mem, void* (*alloc)(void*, std::size_t), void* ctx) const {
    const std::string where = "dataset " + name;
    Handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), path_, where));
    Handle type(check(H5Dget_type(set.get()), path_, where));
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw file_error(path_, where, "expected a numeric dataset");
    Handle space(check(H5Dget_space(set.get()), path_, where));
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    check(static_cast<hid_t>(n), path_, where);
    // The extent is only a claim: a chunked dataset can declare 10^9 values over chunks that were
    // never written. What the file stores, expanded at most as much as deflate can (1032:1),
    // bounds what is allocated.
    const double declared = double(n) * double(H5Tget_size(type.get()));
    const double stored = double(H5Dget_storage_size(set.get()));
    if (n > 0 && declared > stored * max_deflate_ratio + 4096.0)
        throw file_error(path_, where,
                         "declares " + std::to_string(n) + " values (" + std::to_string(static_cast<std::uint64_t>(declared)) +
                             " bytes) but stores " + std::to_string(static_cast<std::uint64_t>(stored)) +
                             " bytes, more than compression can account for");
    void* buf = alloc(ctx, static_cast<std::size_t>(n));
    if (n > 0) check(H5Dread(set.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), path_, where);
}

void File::attribute_u32(hid_t loc, const std::string& name, const std::vector<std::uint32_t>& values, bool scalar) const {
    const std::string where = "attribute " + name;
    const hsize_t n = values.size();
    Handle space(check(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), path_, where));
    Handle attr(check(H5Acreate2(loc, name.c_str(), H5T_STD_U32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), path_, where));
    check(H5Awrite(attr.get(), H5T_NATIVE_UINT32, values.data()), path_, where);
}

void File::attribute_string(hid_t loc, const std::string& name, const std::string& value) const {
    // Variable-length UTF-8, what h5py writes for a Python str and what libsonata expects.
    const std::string where = "attribute " + name;
    Handle type(check(H5Tcopy(H5T_C_S1), path_, where));
    check(H5Tset_size(type.get(), H5T_VARIABLE), path_, where);
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), path_, where);
    Handle space(check(H5Screate(H5S_SCALAR), path_, where));
    Handle attr(check(H5Acreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), path_, where));
    const char* text = value.c_str();
    check(H5Awrite(attr.get(), type.get(), &text), path_, where);
}

void require_one_value(hid_t attr, const std::string& file, const std::string& at) {
    Handle space(check(H5Aget_space(attr), file, at));
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    if (count != 1) throw file_error(file, at, "expected one value, found an array of " + std::to_string(count));
}

std::string File::read_attribute_string(hid_t loc, const std::string& name, const std::string& where) const {
    const std::string at = where + ", attribute " + name;
    if (H5Aexists(loc, name.c_str()) <= 0) throw file_error(path_, at, "missing");
    Handle attr(check(H5Aopen(loc, name.c_str(), H5P_DEFAULT), path_, at));
    Handle type(check(H5Aget_type(attr.get()), path_, at));
    if (H5Tget_class(type.get()) != H5T_STRING) throw file_error(path_, at, "expected a string");
    require_one_value(attr.get(), path_, at);
    if (H5Tis_variable_str(type.get()) > 0) {
        char* text = nullptr;
        Handle mem(check(H5Tcopy(H5T_C_S1), path_, at));
        H5Tset_size(mem.get(), H5T_VARIABLE);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
        check(H5Aread(attr.get(), mem.get(), &text), path_, at);
        std::string out = text ? text : "";
        H5free_memory(text);
        return out;
    }
    const std::size_t size = H5Tget_size(type.get());
    std::string out(size, '\0');
    check(H5Aread(attr.get(), type.get(), out.data()), path_, at);
    out.resize(out.find('\0') == std::string::npos ? size : out.find('\0'));
    return out;
}

bool File::has_attribute(hid_t loc, const std::string& name) const {
    const htri_t r = H5Aexists(loc, name.c_str());
    if (r < 0) H5Eclear2(H5E_DEFAULT);
    return r > 0;
}

std::vector<std::uint64_t> File::read_attribute_uints(hid_t loc, const std::string& name, const std::string& where) const {
    const std::string at = where + ", attribute " + name;
    if (!has_attribute(loc, name)) throw file_error(path_, at, "missing");
    Handle attr(check(H5Aopen(loc, name.c_str(), H5P_DEFAULT), path_, at));
    Handle type(check(H5Aget_type(attr.get()), path_, at));
    if (H5Tget_class(type.get()) != H5T_INTEGER) throw file_error(path_, at, "expected an integer");
    Handle space(check(H5Aget_space(attr.get()), path_, at));
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    check(static_cast<hid_t>(n), path_, at);
    std::vector<std::uint64_t> out(static_cast<std::size_t>(n));
    if (n > 0) check(H5Aread(attr.get(), H5T_NATIVE_UINT64, out.data()), path_, at);
    return out;
}

std::vector<std::string> File::children(hid_t loc, const std::string& where) const {
    H5G_info_t info;
    check(H5Gget_info(loc, &info), path_, where);
    std::vector<std::string> out;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t len = H5Lget_name_by_idx(loc, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        check(static_cast<hid_t>(len), path_, where);
        std::string name(static_cast<std::size_t>(len) + 1, '\0');
        H5Lget_name_by_idx(loc, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT);
        name.resize(static_cast<std::size_t>(len));
        out.push_back(name);
    }
    return out;
}

}  // namespace neurowire::io::h5
