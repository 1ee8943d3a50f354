#pragma once
// Equation text → syntax tree. Grammar, loosest binding first:
//   equation   := 'd' '/' 'dt' name '=' expression  |  name '=' expression
//   expression := additive (('<'|'<='|'>'|'>='|'=='|'!=') additive)*
//   additive   := term (('+'|'-') term)*
//   term       := unary (('*'|'/') unary)*
//   unary      := ('-'|'+') unary | power
//   power      := primary ('^' unary)?          right-associative; -x^2 = -(x^2), 2^-1 = 0.5
//   primary    := number | name | name '(' expression (',' expression)* ')' | '(' expression ')'
// `**` is accepted as a synonym of `^`. Errors are config_errors pointing at a column.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "build/equations/compiler.hpp"
#include "sim/program.hpp"

namespace neurowire::build::equations {

struct Expr {
    enum class kind { number, symbol, call } type = kind::number;
    double value = 0.0;          // number
    std::string name;            // symbol, or the function as written (call)
    sim::opcode op = sim::opcode::copy;   // call: the operation (operators are calls too)
    std::vector<Expr> args;      // call
    std::size_t column = 0;      // 1-based column in the equation text
    std::uint32_t depth = 1;     // levels of the tree below and including this node
};

// Expressions deeper than this (parentheses, unary signs, operator chains) are refused with a
// config_error: the parser and the compiler recurse over the tree and must not run out of stack.
inline constexpr std::uint32_t max_expression_depth = 256;

struct Equation {
    bool derivative = false;     // d/dt target = rhs
    std::string target;
    std::size_t target_column = 0;
    Expr rhs;
};

// Where the text came from, to compose error messages.
struct TextContext {
    const std::string* file = nullptr;
    const SourceText* source = nullptr;
};

// Throws config_error: "<file>:<line>: <key_path>: expected …, found '…' at column c of '<text>'".
[[noreturn]] void fail(const TextContext& where, std::size_t column, const std::string& expected,
                       const std::string& found);

Equation parse_equation(const TextContext& where);
Expr parse_expression(const TextContext& where);

// The opcode a function name calls in equations (its entry of sim::opcode_table, which gives the
// argument count); nullptr if unknown.
const sim::OpcodeInfo* find_function(const std::string& name);

}  // namespace neurowire::build::equations
