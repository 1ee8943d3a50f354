#pragma once
// A neutral value tree — null, boolean, integer, real, string, list, map (insertion-ordered) —
// for callers that hold a spec as values rather than YAML text: the Python package converts
// dicts, lists, numbers, strings and None into it. spec/from_tree.hpp validates trees with the
// parsers of the YAML specs, so both give the same results and the same messages.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neurowire::spec {

class Tree {
public:
    enum class kind : std::uint8_t { null, boolean, integer, real, string, list, map };

    Tree() = default;   // null
    static Tree boolean(bool value);
    static Tree integer(std::int64_t value);
    static Tree real(double value);
    static Tree string(std::string value);
    static Tree list(std::vector<Tree> items = {});
    static Tree map();

    kind type() const { return kind_; }
    bool is_null() const { return kind_ == kind::null; }
    bool is_map() const { return kind_ == kind::map; }
    bool is_list() const { return kind_ == kind::list; }

    // Scalars; reading the wrong kind is a logic_error (callers switch on type()).
    bool as_bool() const;
    std::int64_t as_int() const;
    double as_real() const;
    const std::string& as_string() const;

    // Lists.
    Tree& push_back(Tree item);
    const std::vector<Tree>& items() const;

    // Maps keep their keys in insertion order. set() appends: a repeated key stays repeated, so
    // the validators report it as they would in YAML.
    Tree& set(std::string key, Tree value);
    const std::vector<std::pair<std::string, Tree>>& entries() const;
    // The value of the first entry `key`, or null when there is none.
    const Tree* find(std::string_view key) const;

private:
    void expect(kind k) const;

    kind kind_ = kind::null;
    bool bool_ = false;
    std::int64_t int_ = 0;
    double real_ = 0.0;
    std::string string_;
    std::vector<Tree> items_;
    std::vector<std::pair<std::string, Tree>> entries_;
};

}  // namespace neurowire::spec
