#include "spec/tree.hpp"

#include <stdexcept>

namespace neurowire::spec {

Tree Tree::boolean(bool value) {
    Tree t;
    t.kind_ = kind::boolean;
    t.bool_ = value;
    return t;
}

Tree Tree::integer(std::int64_t value) {
    Tree t;
    t.kind_ = kind::integer;
    t.int_ = value;
    return t;
}

Tree Tree::real(double value) {
    Tree t;
    t.kind_ = kind::real;
    t.real_ = value;
    return t;
}

Tree Tree::string(std::string value) {
    Tree t;
    t.kind_ = kind::string;
    t.string_ = std::move(value);
    return t;
}

Tree Tree::list(std::vector<Tree> items) {
    Tree t;
    t.kind_ = kind::list;
    t.items_ = std::move(items);
    return t;
}

Tree Tree::map() {
    Tree t;
    t.kind_ = kind::map;
    return t;
}

void Tree::expect(kind k) const {
    if (kind_ != k) throw std::logic_error("spec::Tree: read as another kind than it holds");
}

bool Tree::as_bool() const {
    expect(kind::boolean);
    return bool_;
}

std::int64_t Tree::as_int() const {
    expect(kind::integer);
    return int_;
}

double Tree::as_real() const {
    expect(kind::real);
    return real_;
}

const std::string& Tree::as_string() const {
    expect(kind::string);
    return string_;
}

Tree& Tree::push_back(Tree item) {
    expect(kind::list);
    items_.push_back(std::move(item));
    return *this;
}

const std::vector<Tree>& Tree::items() const {
    expect(kind::list);
    return items_;
}

Tree& Tree::set(std::string key, Tree value) {
    expect(kind::map);
    entries_.emplace_back(std::move(key), std::move(value));
    return *this;
}

const std::vector<std::pair<std::string, Tree>>& Tree::entries() const {
    expect(kind::map);
    return entries_;
}

const Tree* Tree::find(std::string_view key) const {
    expect(kind::map);
    for (const auto& [k, v] : entries_)
        if (k == key) return &v;
    return nullptr;
}

}  // namespace neurowire::spec
