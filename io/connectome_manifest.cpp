#include "io/connectome_manifest.hpp"

#include <cmath>
#include <limits>
#include <ostream>
#include <system_error>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/sonata_json.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

using json::quote;

std::string number(double v) {
    std::string out;
    text::append_number(out, v);
    return out;
}

template <class T, class F>
std::string list(const std::vector<T>& values, F format) {
    std::string out = "[";
    for (std::size_t k = 0; k < values.size(); ++k) out += (k ? ", " : "") + format(values[k]);
    return out + "]";
}

struct Reader {
    const std::string file;

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const { throw file_error(file, key, problem); }

    const json::Value& member(const json::Value& object, const std::string& key, const std::string& path) const {
        const json::Value* v = object.find(key);
        if (!v) fail(path, "missing key '" + key + "'");
        return *v;
    }
    std::string string(const json::Value& object, const std::string& key, const std::string& path) const {
        const json::Value& v = member(object, key, path);
        if (!v.is_string()) fail(path + "." + key, std::string("expected a string, found ") + json::kind_name(v.kind));
        return v.string;
    }
    std::uint64_t count(const json::Value& object, const std::string& key, const std::string& path, double max) const {
        const json::Value& v = member(object, key, path);
        if (!v.is_number() || v.number < 0 || v.number > max || std::floor(v.number) != v.number)
            fail(path + "." + key, "expected a count (an integer 0 to " + number(max) + ")");
        return static_cast<std::uint64_t>(v.number);
    }
    const json::Value& array(const json::Value& object, const std::string& key, const std::string& path) const {
        const json::Value& v = member(object, key, path);
        if (!v.is_array()) fail(path + "." + key, std::string("expected a list, found ") + json::kind_name(v.kind));
        return v;
    }
};

}  // namespace

const ManifestPopulation* ConnectomeManifest::population(const std::string& name) const {
    for (const auto& p : populations)
        if (p.name == name) return &p;
    return nullptr;
}

const ManifestProjection* ConnectomeManifest::projection(const std::string& name) const {
    for (const auto& p : projections)
        if (p.name == name) return &p;
    return nullptr;
}

void write_connectome_manifest(const fs::path& file, const ConnectomeManifest& m) {
    std::string out = "{\n  \"neurowire_connectome\": 1,\n  \"populations\": [";
    for (std::size_t k = 0; k < m.populations.size(); ++k) {
        const auto& p = m.populations[k];
        out += std::string(k ? "," : "") + "\n    {\"name\": " + quote(p.name) + ", \"size\": " + std::to_string(p.size);
        if (!p.positions_file.empty()) {
            out += ", \"positions\": " + quote(p.positions_file);
            out += ", \"low\": " + list(p.low, number) + ", \"high\": " + list(p.high, number);
            out += ", \"periodic\": " + list(p.periodic, [](bool b) { return std::string(b ? "true" : "false"); });
        }
        out += "}";
    }
    out += m.populations.empty() ? "],\n" : "\n  ],\n";
    out += "  \"projections\": [";
    for (std::size_t k = 0; k < m.projections.size(); ++k) {
        const auto& p = m.projections[k];
        out += std::string(k ? "," : "") + "\n    {\"name\": " + quote(p.name) + ", \"source\": " + quote(p.source) +
               ", \"target\": " + quote(p.target) + ", \"n_source\": " + std::to_string(p.n_source) +
               ", \"n_target\": " + std::to_string(p.n_target) + ", \"synapses\": " + std::to_string(p.synapses) + "}";
    }
    out += m.projections.empty() ? "]\n}\n" : "\n  ]\n}\n";
    write_stream_atomically(file, [&](std::ostream& s) { s << out; });
}

ConnectomeManifest read_connectome_manifest(const fs::path& path) {
    const Reader r{path.string()};
    const json::Value root = json::parse_file(path);
    if (!root.is_object() || !root.find("neurowire_connectome"))
        r.fail("", "not a neurowire connectome manifest (no key 'neurowire_connectome')");
    constexpr double max_index = std::numeric_limits<index_t>::max();
    ConnectomeManifest m;
    const json::Value& pops = r.array(root, "populations", "");
    for (std::size_t k = 0; k < pops.array.size(); ++k) {
        const json::Value& v = pops.array[k];
        const std::string at = "populations[" + std::to_string(k) + "]";
        if (!v.is_object()) r.fail(at, "expected an object");
        ManifestPopulation p;
        p.name = r.string(v, "name", at);
        p.size = static_cast<index_t>(r.count(v, "size", at, max_index));
        if (v.find("positions")) {
            p.positions_file = r.string(v, "positions", at);
            for (const auto& [key, out] : {std::pair{"low", &p.low}, std::pair{"high", &p.high}})
                for (const auto& x : r.array(v, key, at).array) {
                    if (!x.is_number()) r.fail(at + "." + key, "expected numbers");
                    out->push_back(x.number);
                }
            for (const auto& x : r.array(v, "periodic", at).array) {
                if (x.kind != json::Value::Kind::boolean) r.fail(at + ".periodic", "expected true or false per axis");
                p.periodic.push_back(x.boolean);
            }
            if (p.low.size() != p.high.size() || p.periodic.size() != p.low.size() || p.low.empty() || p.low.size() > 3)
                r.fail(at, "low, high and periodic must give the same 1 to 3 axes");
        }
        m.populations.push_back(std::move(p));
    }
    const json::Value& projs = r.array(root, "projections", "");
    for (std::size_t k = 0; k < projs.array.size(); ++k) {
        const json::Value& v = projs.array[k];
        const std::string at = "projections[" + std::to_string(k) + "]";
        if (!v.is_object()) r.fail(at, "expected an object");
        ManifestProjection p;
        p.name = r.string(v, "name", at);
        p.source = r.string(v, "source", at);
        p.target = r.string(v, "target", at);
        p.n_source = static_cast<index_t>(r.count(v, "n_source", at, max_index));
        p.n_target = static_cast<index_t>(r.count(v, "n_target", at, max_index));
        p.synapses = r.count(v, "synapses", at, 9.007199254740992e15);
        m.projections.push_back(std::move(p));
    }
    return m;
}

std::optional<ConnectomeManifest> find_connectome_manifest(const fs::path& file) {
    fs::path dir = file.parent_path();
    if (dir.empty()) dir = ".";
    for (int up = 0; up < 2; ++up) {
        const fs::path candidate = dir / connectome_manifest_name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) return read_connectome_manifest(candidate);
        if (dir.filename() != "sonata") break;
        dir = dir.parent_path();
        if (dir.empty()) dir = ".";
    }
    return std::nullopt;
}

}  // namespace neurowire::io
