#include "build/equations/linearity.hpp"

namespace neurowire::build::equations {

namespace {

Expr number(double v, std::size_t column) {
    Expr e;
    e.type = Expr::kind::number;
    e.value = v;
    e.column = column;
    return e;
}

Expr call(sim::opcode op, std::vector<Expr> args, std::size_t column) {
    Expr e;
    e.type = Expr::kind::call;
    e.op = op;
    e.args = std::move(args);
    e.column = column;
    return e;
}

class Linearity {
public:
    Linearity(const std::string& x, const AssignmentLookup& lookup) : x_(x), lookup_(lookup) {}

    bool depends(const Expr& e) const {
        if (e.type == Expr::kind::symbol) {
            if (e.name == x_) return true;
            const AssignmentText* a = lookup_(e.name);
            return a && depends(*a->rhs);
        }
        for (const auto& arg : e.args)
            if (depends(arg)) return true;
        return false;
    }

    std::optional<Expr> coefficient(const Expr& e, const TextContext& where) const {
        using sim::opcode;
        switch (e.type) {
            case Expr::kind::number: return std::nullopt;
            case Expr::kind::symbol: {
                if (e.name == x_) return number(1.0, e.column);
                const AssignmentText* a = lookup_(e.name);
                if (a && depends(*a->rhs)) return coefficient(*a->rhs, a->where);
                return std::nullopt;
            }
            case Expr::kind::call: break;
        }
        if (!depends(e)) return std::nullopt;
        switch (e.op) {
            case opcode::copy: return coefficient(e.args[0], where);
            case opcode::neg: return call(opcode::neg, {*coefficient(e.args[0], where)}, e.column);
            case opcode::add:
            case opcode::sub: {
                auto a = coefficient(e.args[0], where), b = coefficient(e.args[1], where);
                if (!a) return e.op == opcode::add ? *b : call(opcode::neg, {*b}, e.column);
                if (!b) return *a;
                return call(e.op, {*a, *b}, e.column);
            }
            case opcode::mul: {
                auto a = coefficient(e.args[0], where), b = coefficient(e.args[1], where);
                if (a && b) refuse(where, e.column, "a product of two terms with " + x_);
                return a ? call(opcode::mul, {*a, e.args[1]}, e.column) : call(opcode::mul, {e.args[0], *b}, e.column);
            }
            case opcode::div: {
                if (depends(e.args[1])) refuse(where, e.args[1].column, x_ + " in a denominator");
                return call(opcode::div, {*coefficient(e.args[0], where), e.args[1]}, e.column);
            }
            default: {
                const std::string what = e.name.empty() ? "an operation" : "'" + e.name + "'";
                refuse(where, e.column, what + " of a term with " + x_);
            }
        }
    }

private:
    [[noreturn]] void refuse(const TextContext& where, std::size_t column, const std::string& found) const {
        fail(where, column,
             "an equation linear in " + x_ + " for solver exponential_euler (" + x_ +
                 " only in sums, multiplied by or divided by terms without " + x_ +
                 "; use solver euler, heun or rk4 otherwise)",
             found);
    }

    const std::string& x_;
    const AssignmentLookup& lookup_;
};

}  // namespace

std::optional<Expr> linear_coefficient(const Expr& f, const std::string& x, const TextContext& where,
                                       const AssignmentLookup& assignments) {
    return Linearity(x, assignments).coefficient(f, where);
}

}  // namespace neurowire::build::equations
