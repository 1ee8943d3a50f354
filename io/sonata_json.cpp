// A recursive-descent JSON reader (RFC 8259), enough for configuration files: numbers become
// doubles, \u escapes become UTF-8.
#include "io/sonata_json.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

#include "core/error.hpp"

namespace neurowire::io::json {

namespace {

class Parser {
public:
    Parser(std::string_view text, const std::string& file) : s_(text), file_(file) {}

    Value document() {
        Value v = value(0);
        skip_space();
        if (pos_ != s_.size()) fail("text after the end of the JSON value");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw file_error(file_, "line " + std::to_string(line_), problem);
    }

    void skip_space() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
            if (s_[pos_] == '\n') ++line_;
            ++pos_;
        }
    }

    char peek() {
        skip_space();
        if (pos_ >= s_.size()) fail("unexpected end of the file");
        return s_[pos_];
    }

    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "', found '" + s_[pos_] + "'");
        ++pos_;
    }

    Value value(int depth) {
        if (depth > 200) fail("nested too deeply");
        Value v;
        const char c = peek();
        v.line = line_;
        if (c == '{') {
            v.kind = Value::Kind::object;
            ++pos_;
            if (peek() == '}') { ++pos_; return v; }
            for (;;) {
                if (peek() != '"') fail("expected a key in quotes");
                std::string key = string_literal();
                for (const auto& [k, _] : v.object)
                    if (k == key) fail("key \"" + key + "\" appears twice");
                expect(':');
                v.object.push_back(Member{std::move(key), value(depth + 1)});
                if (peek() == ',') { ++pos_; continue; }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            v.kind = Value::Kind::array;
            ++pos_;
            if (peek() == ']') { ++pos_; return v; }
            for (;;) {
                v.array.push_back(value(depth + 1));
                if (peek() == ',') { ++pos_; continue; }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.kind = Value::Kind::string;
            v.string = string_literal();
            return v;
        }
        for (const auto& [word, kind, b] : {std::tuple{"true", Value::Kind::boolean, true},
                                            std::tuple{"false", Value::Kind::boolean, false},
                                            std::tuple{"null", Value::Kind::null, false}}) {
            const std::string_view w(word);
            if (s_.substr(pos_, w.size()) == w) {
                pos_ += w.size();
                v.kind = kind;
                v.boolean = b;
                return v;
            }
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            const std::size_t start = pos_;
            while (pos_ < s_.size() && std::string_view("+-0123456789.eE").find(s_[pos_]) != std::string_view::npos) ++pos_;
            const std::string text(s_.substr(start, pos_ - start));
            char* end = nullptr;
            v.number = std::strtod(text.c_str(), &end);
            if (end != text.c_str() + text.size()) fail("'" + text + "' is not a number");
            v.kind = Value::Kind::number;
            return v;
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    unsigned hex4() {
        if (pos_ + 4 > s_.size()) fail("a \\u escape needs four hex digits");
        unsigned cp = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = s_[pos_++];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') cp |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') cp |= static_cast<unsigned>(h - 'A' + 10);
            else fail("a \\u escape needs four hex digits");
        }
        return cp;
    }

    std::string string_literal() {
        ++pos_;   // the opening quote
        std::string out;
        for (;;) {
            if (pos_ >= s_.size()) fail("a string is not closed");
            const char c = s_[pos_++];
            if (c == '"') return out;
            if (c == '\n') fail("a line break inside a string");
            if (c != '\\') { out += c; continue; }
            if (pos_ >= s_.size()) fail("a string is not closed");
            const char e = s_[pos_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
                    pos_ += 2;
                    const unsigned low = hex4();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, cp);
                break;
            }
            default: fail(std::string("unknown escape '\\") + e + "'");
            }
        }
    }

    std::string_view s_;
    const std::string& file_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

}  // namespace

const Value* Value::find(std::string_view key) const {
    for (const auto& [k, v] : object)
        if (k == key) return &v;
    return nullptr;
}

Value parse(std::string_view text, const std::string& file) { return Parser(text, file).document(); }

Value parse_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw file_error(file.string(), "", "cannot be opened");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static const char* digits = "0123456789abcdef";
                out += "\\u00";
                out += digits[(c >> 4) & 0xF];
                out += digits[c & 0xF];
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

const char* kind_name(Value::Kind k) {
    switch (k) {
    case Value::Kind::null: return "null";
    case Value::Kind::boolean: return "a boolean";
    case Value::Kind::number: return "a number";
    case Value::Kind::string: return "a string";
    case Value::Kind::array: return "a list";
    case Value::Kind::object: return "an object";
    }
    return "?";
}

}  // namespace neurowire::io::json
