#pragma once
// Thin RAII and typed helpers over the HDF5 C API (internal to io/). Every failing call becomes a
// file_error naming the file and the object; HDF5's own stderr dump is switched off meanwhile.
// Files are written reproducibly: the same calls give the same bytes (no object times, fixed
// creation and access properties, the oldest file format that holds our objects).
#include <cstdint>
#include <string>
#include <vector>

#include <hdf5.h>

namespace neurowire::io::h5 {

// Owns one HDF5 id of any kind (file, group, dataset, space, type, attribute).
class Handle {
public:
    Handle() = default;
    explicit Handle(hid_t id) : id_(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(o.id_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) { reset(); id_ = o.id_; o.id_ = -1; }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    void reset() { if (id_ >= 0) H5Idec_ref(id_); id_ = -1; }
    hid_t release() { const hid_t id = id_; id_ = -1; return id; }

private:
    hid_t id_ = -1;
};

// Silences HDF5's automatic error printing for its lifetime.
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

// Throws file_error(file, where, HDF5's innermost message) when id/status < 0; returns id.
hid_t check(hid_t id, const std::string& file, const std::string& where);

template <class T> hid_t mem_type();
template <> inline hid_t mem_type<std::uint16_t>() { return H5T_NATIVE_UINT16; }
template <> inline hid_t mem_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }
template <> inline hid_t mem_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }
template <> inline hid_t mem_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> inline hid_t mem_type<float>() { return H5T_NATIVE_FLOAT; }
template <> inline hid_t mem_type<double>() { return H5T_NATIVE_DOUBLE; }

// An attribute read into one value (a string, a number, an enum) must hold exactly one: an
// array would be written past the one value's memory by H5Aread. file_error at `at` otherwise.
void require_one_value(hid_t attr, const std::string& file, const std::string& at);

class File {
public:
    static File create(const std::string& path);
    static File open_read(const std::string& path);
    static File open_write(const std::string& path);   // an existing file, to amend (tests, tools)

    hid_t id() const { return h_.get(); }
    const std::string& path() const { return path_; }

    Handle create_group(hid_t loc, const std::string& name) const;
    Handle open_group(hid_t loc, const std::string& name) const;   // name relative to loc
    bool exists(hid_t loc, const std::string& name) const;         // link exists (one level)
    bool exists_path(hid_t loc, const std::string& path) const;    // every link of a/b/c exists
    bool is_group(hid_t loc, const std::string& name) const;       // exists and is a group
    bool is_dataset(hid_t loc, const std::string& name) const;
    // A second name for an existing object (both names are equal links to the same data).
    void hard_link(hid_t loc, const std::string& existing, const std::string& new_name) const;

    // A dataset of file type `file_type` with `dims`; `mem` is converted by HDF5 on writing, so a
    // uint32 array can fill a uint64 dataset without a copy of ours.
    void write(hid_t loc, const std::string& name, hid_t file_type, hid_t mem, const void* data,
               const std::vector<hsize_t>& dims) const;
    template <class T>
    void write(hid_t loc, const std::string& name, hid_t file_type, const std::vector<T>& v,
               std::vector<hsize_t> dims = {}) const {
        if (dims.empty()) dims = {v.size()};
        write(loc, name, file_type, mem_type<T>(), v.data(), dims);
    }

    // Shape of a dataset, and its whole content converted to T.
    std::vector<hsize_t> dims(hid_t loc, const std::string& name) const;
    struct TypeInfo {
        H5T_class_t cls = H5T_NO_CLASS;
        std::size_t size = 0;        // bytes
        bool is_signed = false;      // integers only
    };
    TypeInfo type_info(hid_t loc, const std::string& name) const;   // of a dataset
    template <class T>
    std::vector<T> read(hid_t loc, const std::string& name) const {
        std::vector<T> out;
        read_raw(loc, name, mem_type<T>(), [&](std::size_t n) { out.resize(n); return static_cast<void*>(out.data()); });
        return out;
    }

    void attribute_u32(hid_t loc, const std::string& name, const std::vector<std::uint32_t>& values, bool scalar) const;
    void attribute_string(hid_t loc, const std::string& name, const std::string& value) const;
    std::string read_attribute_string(hid_t loc, const std::string& name, const std::string& where) const;
    bool has_attribute(hid_t loc, const std::string& name) const;
    std::vector<std::uint64_t> read_attribute_uints(hid_t loc, const std::string& name, const std::string& where) const;

    std::vector<std::string> children(hid_t loc, const std::string& where) const;

    // Closes explicitly, so a failure to flush is reported rather than lost in a destructor.
    void close();

private:
    template <class Alloc>
    void read_raw(hid_t loc, const std::string& name, hid_t mem, Alloc alloc) const;
    void read_into(hid_t loc, const std::string& name, hid_t mem, void* (*alloc)(void*, std::size_t), void* ctx) const;

    Handle h_;
    Handle object_create_;   // group and dataset creation: no modification times
    Handle dataset_create_;
    std::string path_;
};

template <class Alloc>
void File::read_raw(hid_t loc, const std::string& name, hid_t mem, Alloc alloc) const {
    read_into(loc, name, mem, [](void* ctx, std::size_t n) { return (*static_cast<Alloc*>(ctx))(n); }, &alloc);
}

}  // namespace neurowire::io::h5
