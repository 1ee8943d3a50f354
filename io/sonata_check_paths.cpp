// Manifest resolution per reader: see sonata_check_paths.hpp.
#include "io/sonata_check_paths.hpp"

#include <map>
#include <regex>
#include <stdexcept>

namespace neurowire::io::check {

namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

std::string strip_dollar(const std::string& key) { return !key.empty() && key[0] == '$' ? key.substr(1) : key; }

// BMTK's _find_variables: $VAR or ${VAR} (\w+), replaced when known.
std::string bmtk_substitute(const std::string& s, const std::map<std::string, std::string>& known) {
    static const std::regex var(R"(\$\{?\w+\}?)");
    std::string out = s;
    for (auto it = std::sregex_iterator(s.begin(), s.end(), var); it != std::sregex_iterator(); ++it) {
        const std::string whole = it->str();
        std::string key = whole.substr(1);
        if (key.size() >= 2 && key.front() == '{' && key.back() == '}') key = key.substr(1, key.size() - 2);
        const auto found = known.find(key);
        if (found != known.end()) replace_all(out, whole, found->second);
    }
    return out;
}

// Python's string.Template.substitute: KeyError/ValueError become std::runtime_error.
std::string template_substitute(const std::string& s, const std::map<std::string, std::string>& vars) {
    std::string out;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] != '$') {
            out += s[k];
            continue;
        }
        if (k + 1 < s.size() && s[k + 1] == '$') {
            out += '$';
            ++k;
            continue;
        }
        const bool braced = k + 1 < s.size() && s[k + 1] == '{';
        std::size_t start = k + (braced ? 2 : 1), end = start;
        const auto ident = [](char c, bool first) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
        };
        while (end < s.size() && ident(s[end], end == start)) ++end;
        if (end == start || (braced && (end >= s.size() || s[end] != '}')))
            throw std::runtime_error("string.Template cannot read the placeholder in \"" + s + "\" (ValueError)");
        const std::string name = s.substr(start, end - start);
        const auto it = vars.find(name);
        if (it == vars.end()) throw std::runtime_error("string.Template knows no variable '" + name + "' (KeyError)");
        out += it->second;
        k = braced ? end : end - 1;
    }
    return out;
}

}  // namespace

ManifestResolver::ManifestResolver(R reader, const json::Value& config, const fs::path& config_file)
    : reader_(reader), base_(config_file.parent_path()) {
    const json::Value* manifest = config.find("manifest");
    std::vector<std::pair<std::string, std::string>> raw;
    if (manifest && manifest->is_object())
        for (const auto& [k, v] : manifest->object) {
            if (!v.is_string()) throw std::runtime_error("manifest." + k + " is " + json::kind_name(v.kind) + ", not a string");
            raw.emplace_back(k, v.string);
        }
    switch (reader) {
    case R::nest:
        if (!manifest) throw std::runtime_error("no \"manifest\" (KeyError in SonataNetwork)");
        for (auto [k, v] : raw) {
            replace_all(v, "$BASE_DIR", ".");
            const fs::path p(v);
            vars_.emplace_back(strip_dollar(k), (p.is_absolute() ? p : base_ / p).lexically_normal().generic_string());
        }
        break;
    case R::bmtk: {
        std::map<std::string, std::string> known{{"configdir", base_.string()}, {"configfname", config_file.string()}};
        std::map<std::string, std::string> pending;
        for (const auto& [k, v] : raw) pending[strip_dollar(k)] = v;
        while (!pending.empty()) {
            std::vector<std::string> done;
            for (const auto& [k, v] : pending) {
                const std::string value = bmtk_substitute(v, known);
                if (value.find('$') == std::string::npos) {
                    known[k] = value;
                    done.push_back(k);
                }
            }
            if (done.empty()) {
                std::string keys;
                for (const auto& [k, _] : pending) keys += (keys.empty() ? "" : ", ") + k;
                throw std::runtime_error("cannot resolve manifest variables " + keys);
            }
            for (const auto& k : done) pending.erase(k);
        }
        vars_.assign(known.begin(), known.end());
        break;
    }
    case R::libsonata: {
        static const std::regex name(R"(\$[a-zA-Z0-9_]*)");
        std::map<std::string, std::string> vars;
        for (const auto& [k, v] : raw) {
            if (!std::regex_match(k, name)) throw std::runtime_error("invalid manifest variable name '" + k + "'");
            vars[k] = v;
        }
        // replaceVariables: one replacement per pair per round, at most 10 rounds.
        for (int round = 0;; ++round) {
            bool changed = false;
            auto next = vars;
            for (const auto& [ki, vi] : vars)
                for (auto& [kj, vj] : next) {
                    const auto at = vj.find(ki);
                    if (at != std::string::npos) {
                        vj.replace(at, ki.size(), vi);
                        changed = true;
                    }
                }
            vars = std::move(next);
            if (!changed) break;
            if (round == 9) throw std::runtime_error("manifest variables refer to each other without end");
        }
        vars_.assign(vars.begin(), vars.end());
        break;
    }
    case R::pynn: {
        if (!manifest) throw std::runtime_error("no \"manifest\" (KeyError in load_config)");
        std::map<std::string, std::string> subs;
        for (const auto& [k, v] : raw) subs[strip_dollar(k)] = v;
        for (const auto& [k, v] : raw)
            if (v.find('$') != std::string::npos) subs[strip_dollar(k)] = template_substitute(v, subs);
        vars_.assign(subs.begin(), subs.end());
        break;
    }
    }
}

Resolved ManifestResolver::resolve(const std::string& value) const {
    Resolved out;
    std::string s = value;
    try {
        switch (reader_) {
        case R::nest:
            if (!s.empty() && s[0] == '$') {
                for (const auto& [k, v] : vars_) replace_all(s, k, v);
                s = s.substr(1);
            }
            break;
        case R::bmtk: s = bmtk_substitute(s, {vars_.begin(), vars_.end()}); break;
        case R::libsonata:
            for (const auto& [k, v] : vars_) {
                const auto at = s.find(k);
                if (at != std::string::npos) s.replace(at, k.size(), v);
            }
            break;
        case R::pynn:
            if (!s.empty() && s[0] == '$') s = template_substitute(s, {vars_.begin(), vars_.end()});
            break;
        }
    } catch (const std::runtime_error& e) {
        out.problem = e.what();
        return out;
    }
    // A variable left over is taken literally by every reader: the existence check reports it.
    fs::path p(s);
    if (reader_ == R::libsonata && p.is_relative()) p = base_ / p;
    out.cwd_relative = p.is_relative();
    out.path = p.lexically_normal();
    return out;
}

}  // namespace neurowire::io::check
