// HDF5 C API wrappers; see hdf5_util.hpp.
#include "io/hdf5_util.hpp"

#include "core/error.hpp"

namespace neurowire::io::h5 {

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
    f.h_ = Handle(check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), path, ""));
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
    return Handle(check(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), path_, "group " + name));
}

Handle File::open_group(hid_t loc, const std::string& name) const {
    return Handle(check(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), path_, "group " + name));
}

bool File::exists(hid_t loc, const std::string& name) const {
    const htri_t r = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
    if (r < 0) H5Eclear2(H5E_DEFAULT);
    return r > 0;
}

void File::write(hid_t loc, const std::string& name, hid_t file_type, hid_t mem, const void* data,
                 const std::vector<hsize_t>& dims) const {
    const std::string where = "dataset " + name;
    Handle space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), path_, where));
    Handle set(check(H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     path_, where));
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

void File::read_into(hid_t loc, const std::string& name, hid_t mem, void* (*alloc)(void*, std::size_t), void* ctx) const {
    const std::string where = "dataset " + name;
    Handle set(check(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), path_, where));
    Handle type(check(H5Dget_type(set.get()), path_, where));
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw file_error(path_, where, "expected a numeric dataset");
    Handle space(check(H5Dget_space(set.get()), path_, where));
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    check(static_cast<hid_t>(n), path_, where);
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

std::string File::read_attribute_string(hid_t loc, const std::string& name, const std::string& where) const {
    const std::string at = where + ", attribute " + name;
    if (H5Aexists(loc, name.c_str()) <= 0) throw file_error(path_, at, "missing");
    Handle attr(check(H5Aopen(loc, name.c_str(), H5P_DEFAULT), path_, at));
    Handle type(check(H5Aget_type(attr.get()), path_, at));
    if (H5Tget_class(type.get()) != H5T_STRING) throw file_error(path_, at, "expected a string");
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
