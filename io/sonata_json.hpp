#pragma once
// The JSON that SONATA configs are written in: a small reader (a tree of values, objects in file
// order, each value knowing its line for error messages) and the string quoting our writers use.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace neurowire::io::json {

struct Member;

struct Value {
    enum class Kind { null, boolean, number, string, array, object };
    Kind kind = Kind::null;
    bool boolean = false;
    double number = 0.0;
    std::string string;
    std::vector<Value> array;
    // In file order; a repeated key is an error. (A struct of its own rather than std::pair,
    // which clang cannot instantiate while Value is still incomplete.)
    std::vector<Member> object;
    std::size_t line = 0;                                // 1-based

    bool is_string() const { return kind == Kind::string; }
    bool is_number() const { return kind == Kind::number; }
    bool is_object() const { return kind == Kind::object; }
    bool is_array() const { return kind == Kind::array; }
    const Value* find(std::string_view key) const;   // objects only; nullptr when absent
};

struct Member {
    std::string first;
    Value second;
};

// Throws file_error(file, "line N", what is wrong).
Value parse(std::string_view text, const std::string& file);
Value parse_file(const std::filesystem::path& file);

// `s` as a JSON string literal, quotes included.
std::string quote(std::string_view s);

const char* kind_name(Value::Kind k);

}  // namespace neurowire::io::json
