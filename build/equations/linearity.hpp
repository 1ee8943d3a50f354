#pragma once
// Exponential Euler needs each ODE dx/dt = f linear in its own state: f = A + B·x with A and B
// free of x (they may depend on other states, inputs and t). This finds B as an expression, by
// the rules of differentiation restricted to sums, negation, products with and divisions by
// x-free terms; an assignment that depends on x is looked through. Anything else that involves
// x (x·x, x in a denominator, exp(x), comparisons …) is refused at its column.
#include <functional>
#include <optional>
#include <string>

#include "build/equations/parser.hpp"

namespace neurowire::build::equations {

struct AssignmentText {
    const Expr* rhs = nullptr;
    TextContext where;
};
// The right-hand side of the assignment named so, or nullptr if the name is not an assignment.
using AssignmentLookup = std::function<const AssignmentText*(const std::string&)>;

// B = ∂f/∂x, or nothing when f does not involve x. `where` is the ODE's text, for the error.
std::optional<Expr> linear_coefficient(const Expr& f, const std::string& x, const TextContext& where,
                                       const AssignmentLookup& assignments);

}  // namespace neurowire::build::equations
