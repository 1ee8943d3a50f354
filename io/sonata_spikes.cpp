// Spike reports: see sonata_spikes.hpp.
#include "io/sonata_spikes.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/hdf5_util.hpp"

namespace neurowire::io {

namespace {

// libsonata's Sorting enum: none = 0, by_id = 1, by_time = 2, on an unsigned 8-bit base.
h5::Handle sorting_enum_type(const std::string& file) {
    h5::Handle type(h5::check(H5Tenum_create(H5T_NATIVE_UINT8), file, "sorting enum"));
    for (std::uint8_t v : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{2}})
        h5::check(H5Tenum_insert(type.get(), spike_sorting_name(static_cast<spike_sorting>(v)), &v), file, "sorting enum");
    return type;
}

void write_sorting_enum(const std::string& file, hid_t group, spike_sorting s) {
    const h5::Handle type = sorting_enum_type(file);
    const h5::Handle space(h5::check(H5Screate(H5S_SCALAR), file, "attribute sorting"));
    const h5::Handle attr(
        h5::check(H5Acreate2(group, "sorting", type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), file, "attribute sorting"));
    const std::uint8_t value = static_cast<std::uint8_t>(s);
    h5::check(H5Awrite(attr.get(), type.get(), &value), file, "attribute sorting");
}

spike_sorting read_sorting(const h5::File& f, hid_t group, const std::string& where) {
    if (!f.has_attribute(group, "sorting")) return spike_sorting::none;
    const std::string at = where + ", attribute sorting";
    const h5::Handle attr(h5::check(H5Aopen(group, "sorting", H5P_DEFAULT), f.path(), at));
    const h5::Handle type(h5::check(H5Aget_type(attr.get()), f.path(), at));
    std::string word;
    if (H5Tget_class(type.get()) == H5T_STRING) {
        word = f.read_attribute_string(group, "sorting", where);
    } else if (H5Tget_class(type.get()) == H5T_ENUM) {
        const h5::Handle mem = sorting_enum_type(f.path());
        std::uint8_t value = 0;
        h5::require_one_value(attr.get(), f.path(), at);
        h5::check(H5Aread(attr.get(), mem.get(), &value), f.path(), at);   // converted by name
        return value <= 2 ? static_cast<spike_sorting>(value) : spike_sorting::none;
    } else {
        throw file_error(f.path(), at, "expected an enum or a string");
    }
    for (auto s : {spike_sorting::none, spike_sorting::by_id, spike_sorting::by_time})
        if (word == spike_sorting_name(s)) return s;
    if (word == "time") return spike_sorting::by_time;   // older BMTK files
    if (word == "id" || word == "gid") return spike_sorting::by_id;
    throw file_error(f.path(), at, "'" + word + "': expected none, by_id or by_time");
}

void write_double_attribute(const std::string& file, hid_t loc, const char* name, double value) {
    const h5::Handle space(h5::check(H5Screate(H5S_SCALAR), file, name));
    const h5::Handle attr(h5::check(H5Acreate2(loc, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), file, name));
    h5::check(H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value), file, name);
}

std::optional<double> read_double_attribute(const h5::File& f, hid_t loc, const char* name, const std::string& where) {
    if (!f.has_attribute(loc, name)) return std::nullopt;
    const std::string at = where + ", attribute " + name;
    const h5::Handle attr(h5::check(H5Aopen(loc, name, H5P_DEFAULT), f.path(), at));
    const h5::Handle type(h5::check(H5Aget_type(attr.get()), f.path(), at));
    if (H5Tget_class(type.get()) != H5T_FLOAT && H5Tget_class(type.get()) != H5T_INTEGER)
        throw file_error(f.path(), at, "expected a number");
    double value = 0.0;
    h5::require_one_value(attr.get(), f.path(), at);
    h5::check(H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value), f.path(), at);
    return value;
}

}  // namespace

const char* spike_sorting_name(spike_sorting s) {
    switch (s) {
    case spike_sorting::none: return "none";
    case spike_sorting::by_id: return "by_id";
    case spike_sorting::by_time: return "by_time";
    }
    return "none";
}

fs::path write_sonata_spikes(const fs::path& file, const std::vector<SpikeTrainsView>& populations,
                             double ms_per_time_unit, spike_sorting sorting) {
    if (!(ms_per_time_unit > 0.0) || !std::isfinite(ms_per_time_unit))
        throw std::logic_error("write_sonata_spikes: ms_per_time_unit must be positive");
    std::vector<std::string> names;
    for (const auto& p : populations) {
        if (p.times.size() != p.units.size())
            throw file_error(file.string(), "population " + p.population,
                             std::to_string(p.times.size()) + " times but " + std::to_string(p.units.size()) + " unit ids");
        for (std::size_t k = 0; k < p.times.size(); ++k)
            if (!std::isfinite(p.times[k]))
                throw file_error(file.string(), "population " + p.population + ", spike " + std::to_string(k),
                                 "time is not finite");
        if (p.population.empty() || p.population.find('/') != std::string::npos)
            throw std::logic_error("write_sonata_spikes: bad population name '" + p.population + "'");
        if (std::find(names.begin(), names.end(), p.population) != names.end())
            throw std::logic_error("write_sonata_spikes: population '" + p.population + "' given twice");
        names.push_back(p.population);
    }
    const h5::QuietErrors quiet;
    AtomicFile out(file);
    {
        h5::File f = h5::File::create(out.temp_path().string());
        // The same root attributes as nodes.h5 and edges.h5.
        f.attribute_u32(f.id(), "magic", {0x0A7A}, true);
        f.attribute_u32(f.id(), "version", {0, 1}, false);
        {
            const h5::Handle spikes = f.create_group(f.id(), "spikes");
            for (const auto& p : populations) {
                const std::size_t n = p.times.size();
                std::vector<std::size_t> order(n);
                std::iota(order.begin(), order.end(), 0);
                const auto by_time = [&](std::size_t a, std::size_t b) {
                    return p.times[a] != p.times[b] ? p.times[a] < p.times[b] : p.units[a] < p.units[b];
                };
                const auto by_id = [&](std::size_t a, std::size_t b) {
                    return p.units[a] != p.units[b] ? p.units[a] < p.units[b] : p.times[a] < p.times[b];
                };
                if (sorting == spike_sorting::by_time) std::stable_sort(order.begin(), order.end(), by_time);
                if (sorting == spike_sorting::by_id) std::stable_sort(order.begin(), order.end(), by_id);
                std::vector<double> times(n);
                std::vector<std::uint64_t> ids(n);
                for (std::size_t k = 0; k < n; ++k) {
                    times[k] = p.times[order[k]] * ms_per_time_unit;
                    ids[k] = p.units[order[k]];
                }
                const h5::Handle g = f.create_group(spikes.get(), p.population);
                write_sorting_enum(f.path(), g.get(), sorting);
                if (p.n_nodes > 0) f.attribute_u32(g.get(), "n_nodes", {p.n_nodes}, true);
                if (p.tstop > 0.0) write_double_attribute(f.path(), g.get(), "tstop", p.tstop * ms_per_time_unit);
                f.write(g.get(), "timestamps", H5T_IEEE_F64LE, times);
                f.write(g.get(), "node_ids", H5T_STD_U64LE, ids);
                {
                    const h5::Handle t(h5::check(H5Dopen2(g.get(), "timestamps", H5P_DEFAULT), f.path(), p.population));
                    f.attribute_string(t.get(), "units", "ms");
                    const h5::Handle i(h5::check(H5Dopen2(g.get(), "node_ids", H5P_DEFAULT), f.path(), p.population));
                    f.attribute_string(i.get(), "sorting", spike_sorting_name(sorting));
                }
            }
        }
        f.close();
    }
    out.commit();
    return file;
}

std::vector<SpikeTrains> read_sonata_spikes(const fs::path& file) {
    const h5::QuietErrors quiet;
    const h5::File f = h5::File::open_read(file.string());
    if (!f.is_group(f.id(), "spikes")) throw file_error(f.path(), "group /spikes", "missing: not a SONATA spike report");
    const h5::Handle spikes = f.open_group(f.id(), "spikes");
    std::vector<SpikeTrains> out;
    for (const auto& name : f.children(spikes.get(), "group /spikes")) {
        const std::string where = "/spikes/" + name;
        if (!f.is_group(spikes.get(), name)) continue;   // the pre-population layout has no groups
        const h5::Handle g = f.open_group(spikes.get(), name);
        SpikeTrains t;
        t.population = name;
        for (const char* set : {"timestamps", "node_ids"})
            if (!f.is_dataset(g.get(), set)) throw file_error(f.path(), where + "/" + set, "missing");
        t.times_ms = f.read<double>(g.get(), "timestamps");
        t.node_ids = f.read<std::uint64_t>(g.get(), "node_ids");
        if (t.times_ms.size() != t.node_ids.size())
            throw file_error(f.path(), where, std::to_string(t.times_ms.size()) + " timestamps but " +
                                                  std::to_string(t.node_ids.size()) + " node_ids");
        const h5::Handle ts(h5::check(H5Dopen2(g.get(), "timestamps", H5P_DEFAULT), f.path(), where));
        if (f.has_attribute(ts.get(), "units")) {
            const std::string units = f.read_attribute_string(ts.get(), "units", where + "/timestamps");
            double scale = 0.0;
            if (units == "ms") scale = 1.0;
            else if (units == "s") scale = 1000.0;
            else throw file_error(f.path(), where + "/timestamps, attribute units", "'" + units + "': expected ms or s");
            for (auto& x : t.times_ms) x *= scale;
        }
        t.sorting = read_sorting(f, g.get(), where);
        if (const auto n = read_double_attribute(f, g.get(), "n_nodes", where)) {
            if (!(*n >= 0.0) || *n != std::floor(*n)) throw file_error(f.path(), where + ", attribute n_nodes", "not a count");
            t.n_nodes = static_cast<std::uint64_t>(*n);
        }
        t.tstop_ms = read_double_attribute(f, g.get(), "tstop", where);
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace neurowire::io
