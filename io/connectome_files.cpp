// NPZ connectomes, the shared validation, and dispatch by extension for `neurowire inspect`.
#include "io/connectome_files.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "io/sonata.hpp"

namespace neurowire::io {

namespace {

std::string member(const std::string& name) { return "member '" + name + ".npy'"; }

const Array& one_d(const std::vector<NamedArray>& arrays, const std::string& name, const fs::path& file) {
    const Array& a = find_array(arrays, name, file);
    if (a.shape.size() != 1)
        throw file_error(file.string(), member(name),
                         "expected a 1-D array, found " + std::to_string(a.shape.size()) + " dimensions");
    return a;
}

std::vector<index_t> index_array(const std::vector<NamedArray>& arrays, const std::string& name, const fs::path& file) {
    const Array& a = one_d(arrays, name, file);
    if (!is_integer(a.dtype))
        throw file_error(file.string(), member(name), "expected an integer dtype, found " + dtype_descr(a.dtype));
    if (a.dtype == Dtype::u32) return a.values<index_t>();   // our own files: nothing to check
    // Go through int64/uint64 so negative or too-large values are caught, not wrapped.
    if (is_unsigned(a.dtype)) {
        const auto v = a.values<std::uint64_t>();
        std::vector<index_t> out(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) {
            if (v[k] > std::numeric_limits<index_t>::max())
                throw file_error(file.string(), member(name) + ", element " + std::to_string(k),
                                 std::to_string(v[k]) + " does not fit a 32-bit neuron index");
            out[k] = static_cast<index_t>(v[k]);
        }
        return out;
    }
    const auto v = a.values<std::int64_t>();
    std::vector<index_t> out(v.size());
    for (std::size_t k = 0; k < v.size(); ++k) {
        if (v[k] < 0 || static_cast<std::uint64_t>(v[k]) > std::numeric_limits<index_t>::max())
            throw file_error(file.string(), member(name) + ", element " + std::to_string(k),
                             std::to_string(v[k]) + " is not a neuron index (0 to 2^32-1)");
        out[k] = static_cast<index_t>(v[k]);
    }
    return out;
}

index_t count_scalar(const std::vector<NamedArray>& arrays, const std::string& name, const fs::path& file) {
    const Array& a = find_array(arrays, name, file);
    if (a.size() != 1 || !is_integer(a.dtype))
        throw file_error(file.string(), member(name),
                         "expected one integer (a 0-d array), found " + std::to_string(a.size()) +
                             " values of dtype " + dtype_descr(a.dtype));
    const double v = a.value_at(0);
    if (v < 0 || v > std::numeric_limits<index_t>::max())
        throw file_error(file.string(), member(name), "population size " + std::to_string(v) + " is out of range");
    return static_cast<index_t>(v);
}

}  // namespace

void validate_connectome(const connect::Connectome& c, const std::string& file) {
    const std::size_t n = c.source.size();
    if (c.target.size() != n || c.weight.size() != n || c.delay.size() != n)
        throw file_error(file, "", "source, target, weight and delay must have equal lengths, found " +
                                       std::to_string(n) + ", " + std::to_string(c.target.size()) + ", " +
                                       std::to_string(c.weight.size()) + ", " + std::to_string(c.delay.size()));
    for (std::size_t k = 0; k < n; ++k) {
        const std::string row = "row " + std::to_string(k);
        if (c.source[k] >= c.n_source)
            throw file_error(file, row, "source " + std::to_string(c.source[k]) + " is out of range (n_source = " +
                                            std::to_string(c.n_source) + ")");
        if (c.target[k] >= c.n_target)
            throw file_error(file, row, "target " + std::to_string(c.target[k]) + " is out of range (n_target = " +
                                            std::to_string(c.n_target) + ")");
        if (!std::isfinite(c.weight[k]))
            throw file_error(file, row, "expected a finite weight, found " + std::to_string(c.weight[k]));
        if (!std::isfinite(c.delay[k]) || c.delay[k] < 0)
            throw file_error(file, row, "expected a finite delay >= 0, found " + std::to_string(c.delay[k]));
        if (k > 0 && (c.source[k] < c.source[k - 1] || (c.source[k] == c.source[k - 1] && c.target[k] < c.target[k - 1])))
            throw file_error(file, row, "rows must be sorted by source then target, but (" + std::to_string(c.source[k]) +
                                            ", " + std::to_string(c.target[k]) + ") follows (" +
                                            std::to_string(c.source[k - 1]) + ", " + std::to_string(c.target[k - 1]) + ")");
    }
}

void write_connectome_npz(const fs::path& file, const connect::Connectome& c, Compression compression) {
    write_npz(file,
              {{"source", view(c.source)},
               {"target", view(c.target)},
               {"weight", view(c.weight)},
               {"delay", view(c.delay)},
               {"n_source", scalar(std::uint64_t{c.n_source})},
               {"n_target", scalar(std::uint64_t{c.n_target})}},
              compression);
}

fs::path write_npz(const fs::path& dir, const std::string& projection, const connect::Connectome& c,
                   Compression compression) {
    const fs::path file = dir / (projection + ".npz");
    write_connectome_npz(file, c, compression);
    return file;
}

connect::Connectome read_connectome_npz(const fs::path& file) {
    const auto arrays = read_npz(file);
    connect::Connectome c;
    c.n_source = count_scalar(arrays, "n_source", file);
    c.n_target = count_scalar(arrays, "n_target", file);
    c.source = index_array(arrays, "source", file);
    c.target = index_array(arrays, "target", file);
    c.weight = one_d(arrays, "weight", file).values<float>();
    c.delay = one_d(arrays, "delay", file).values<float>();
    validate_connectome(c, file.string());
    return c;
}

connect::Connectome read_connectome_any(const fs::path& file) { return read_connectome_any(file, ""); }

connect::Connectome read_connectome_any(const fs::path& file, const std::string& population) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
    const bool sonata = ext == ".h5" || ext == ".hdf5";
    if (!population.empty() && !sonata)
        throw file_error(file.string(), "", "a population ('" + population + "') is chosen only in a SONATA edges file (.h5)");
    if (sonata) return read_sonata_edge_population(file, population).connectome;
    if (ext == ".npz") return read_connectome_npz(file);
    if (ext == ".mtx") return read_connectome_mtx(file);
    if (ext == ".csv" || ext == ".conn") {
        connect::Connectome c = ext == ".csv" ? read_connectome_csv(file) : read_connectome_pynn(file);
        apply_manifest_sizes(c, file);
        return c;
    }
    throw file_error(file.string(), "", "unknown connectome format '" + ext +
                                            "': expected .npz, .csv, .mtx, .conn (PyNN) or a SONATA edges file (.h5)");
}

}  // namespace neurowire::io
