// Tokeniser and recursive-descent parser for model equations (grammar in parser.hpp).
#include "build/equations/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "core/error.hpp"

namespace neurowire::build::equations {

namespace {

enum class tok { number, name, op, lparen, rparen, comma, end };

struct Token {
    tok type = tok::end;
    std::string text;
    double value = 0.0;
    std::size_t column = 0;   // 1-based
};

// "exp log … where": the functions equations may call, for messages.
std::string function_list() {
    std::string out;
    for (const sim::OpcodeInfo& o : sim::opcode_table) {
        if (o.function.empty()) continue;
        if (!out.empty()) out += ' ';
        out += o.function;
    }
    return out;
}

// The opcode of an operator token the grammar has placed (its spelling is in opcode_table).
sim::opcode operator_opcode(sim::syntax s, const std::string& text) {
    const sim::OpcodeInfo* o = sim::find_operator(s, text);
    if (!o) throw std::logic_error("equation parser: operator '" + text + "' is not in opcode_table");
    return o->op;
}

std::vector<Token> tokenize(const TextContext& where) {
    const std::string& s = where.source->text;
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const std::size_t col = i + 1;
        if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            const char* begin = s.c_str() + i;
            char* end = nullptr;
            const double v = std::strtod(begin, &end);
            const std::size_t len = static_cast<std::size_t>(end - begin);
            out.push_back({tok::number, s.substr(i, len), v, col});
            i += len;
            if (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_'))
                fail(where, i + 1, "an operator after the number '" + out.back().text + "'",
                     std::string("'") + s[i] + "'");
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
            out.push_back({tok::name, s.substr(i, j - i), 0.0, col});
            i = j;
            continue;
        }
        const std::string two = s.substr(i, 2);
        if (two == "<=" || two == ">=" || two == "==" || two == "!=" || two == "**") {
            out.push_back({tok::op, two == "**" ? "^" : two, 0.0, col});
            i += 2;
            continue;
        }
        switch (c) {
            case '+': case '-': case '*': case '/': case '^': case '<': case '>': case '=':
                out.push_back({tok::op, std::string(1, c), 0.0, col});
                break;
            case '(': out.push_back({tok::lparen, "(", 0.0, col}); break;
            case ')': out.push_back({tok::rparen, ")", 0.0, col}); break;
            case ',': out.push_back({tok::comma, ",", 0.0, col}); break;
            default:
                fail(where, col, "a number, a name, an operator or a parenthesis",
                     std::string("'") + c + "'");
        }
        ++i;
    }
    out.push_back({tok::end, "", 0.0, s.size() + 1});
    return out;
}

std::string describe(const Token& t) {
    return t.type == tok::end ? "the end of the equation" : "'" + t.text + "'";
}

class Parser {
public:
    explicit Parser(const TextContext& where) : where_(where), tokens_(tokenize(where)) {}

    Equation equation() {
        Equation eq;
        if (is_name("d") && peek(1).type == tok::op && peek(1).text == "/" && peek(2).type == tok::name &&
            peek(2).text == "dt" && peek(3).type == tok::name) {
            eq.derivative = true;
            pos_ += 3;
        }
        const Token& target = next();
        if (target.type != tok::name)
            fail(where_, target.column, eq.derivative ? "a state name after d/dt" : "a name or 'd/dt name'",
                 describe(target));
        eq.target = target.text;
        eq.target_column = target.column;
        expect_op("=", "'=' after '" + eq.target + "'");
        eq.rhs = expression();
        expect_end();
        return eq;
    }

    Expr whole_expression() {
        Expr e = expression();
        expect_end();
        return e;
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
    }
    const Token& next() {
        const Token& t = peek();
        if (pos_ < tokens_.size() - 1) ++pos_;
        return t;
    }
    bool is_name(const char* n) const { return peek().type == tok::name && peek().text == n; }
    bool is_op(const char* o) const { return peek().type == tok::op && peek().text == o; }

    void expect_op(const char* o, const std::string& what) {
        if (!is_op(o)) fail(where_, peek().column, what, describe(peek()));
        next();
    }
    void expect_end() {
        if (peek().type != tok::end) fail(where_, peek().column, "an operator or the end of the equation",
                                          describe(peek()));
    }

    Expr call(sim::opcode op, std::size_t column, std::vector<Expr> args, std::string name = {}) const {
        Expr e;
        for (const Expr& a : args) e.depth = std::max<std::uint32_t>(e.depth, a.depth + 1);
        if (e.depth > max_expression_depth) too_deep(column);
        e.type = Expr::kind::call;
        e.op = op;
        e.column = column;
        e.args = std::move(args);
        e.name = std::move(name);
        return e;
    }

    Expr expression() {
        Expr left = additive();
        for (;;) {
            const sim::OpcodeInfo* cmp = peek().type == tok::op ? sim::find_operator(sim::syntax::comparison, peek().text) : nullptr;
            if (!cmp) return left;
            const std::size_t col = next().column;
            std::vector<Expr> args;
            args.push_back(std::move(left));
            args.push_back(additive());
            left = call(cmp->op, col, std::move(args));
        }
    }

    Expr additive() {
        Expr left = term();
        while (is_op("+") || is_op("-")) {
            const Token& t = next();
            std::vector<Expr> args;
            args.push_back(std::move(left));
            args.push_back(term());
            left = call(operator_opcode(sim::syntax::infix, t.text), t.column, std::move(args));
        }
        return left;
    }

    Expr term() {
        Expr left = unary();
        while (is_op("*") || is_op("/")) {
            const Token& t = next();
            std::vector<Expr> args;
            args.push_back(std::move(left));
            args.push_back(unary());
            left = call(operator_opcode(sim::syntax::infix, t.text), t.column, std::move(args));
        }
        return left;
    }

    // Every recursion of the parser passes through unary(): its depth bounds the stack.
    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser) {
            if (++p.depth_ > max_expression_depth) p.too_deep(p.peek().column);
        }
        ~DepthGuard() { --p.depth_; }
    };

    [[noreturn]] void too_deep(std::size_t column) const {
        fail(where_, column, "an expression nested at most " + std::to_string(max_expression_depth) + " levels deep",
             "deeper nesting");
    }

    Expr unary() {
        const DepthGuard guard(*this);
        if (is_op("+")) { next(); return unary(); }
        if (is_op("-")) {
            const std::size_t col = next().column;
            std::vector<Expr> args;
            args.push_back(unary());
            return call(operator_opcode(sim::syntax::prefix, "-"), col, std::move(args));
        }
        return power();
    }

    Expr power() {
        Expr base = primary();
        if (!is_op("^")) return base;
        const std::size_t col = next().column;
        std::vector<Expr> args;
        args.push_back(std::move(base));
        args.push_back(unary());
        return call(operator_opcode(sim::syntax::infix, "^"), col, std::move(args));
    }

    Expr primary() {
        const Token& t = next();
        if (t.type == tok::number) {
            Expr e;
            e.value = t.value;
            e.column = t.column;
            return e;
        }
        if (t.type == tok::lparen) {
            Expr e = expression();
            if (peek().type != tok::rparen) fail(where_, peek().column, "')'", describe(peek()));
            next();
            return e;
        }
        if (t.type != tok::name) fail(where_, t.column, "a number, a name or '('", describe(t));
        if (peek().type != tok::lparen) {
            Expr e;
            e.type = Expr::kind::symbol;
            e.name = t.text;
            e.column = t.column;
            return e;
        }
        const sim::OpcodeInfo* f = find_function(t.text);
        if (!f) fail(where_, t.column, "a known function (" + function_list() + ")", "'" + t.text + "'");
        next();   // '('
        std::vector<Expr> args;
        if (peek().type != tok::rparen) {
            args.push_back(expression());
            while (peek().type == tok::comma) {
                next();
                args.push_back(expression());
            }
        }
        if (peek().type != tok::rparen) fail(where_, peek().column, "',' or ')'", describe(peek()));
        next();
        if (static_cast<int>(args.size()) != f->arity)
            fail(where_, t.column, std::to_string(f->arity) + " argument(s) for " + t.text,
                 std::to_string(args.size()));
        return call(f->op, t.column, std::move(args), t.text);
    }

    const TextContext& where_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    std::uint32_t depth_ = 0;
};

}  // namespace

void fail(const TextContext& where, std::size_t column, const std::string& expected, const std::string& found) {
    const std::string& text = where.source->text;
    std::string f = found + " at column " + std::to_string(column) + " of '" + text + "'";
    throw config_error(where.file ? *where.file : std::string{}, where.source->line,
                       column, where.source->key_path, expected, f);
}

const sim::OpcodeInfo* find_function(const std::string& name) {
    return sim::find_function(name);
}

Equation parse_equation(const TextContext& where) { return Parser(where).equation(); }

Expr parse_expression(const TextContext& where) { return Parser(where).whole_expression(); }

}  // namespace neurowire::build::equations
