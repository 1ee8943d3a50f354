// Equations nested deeper than the parser and compiler may recurse: 10,000 parentheses (20 KB)
// used to overflow the stack of the recursive-descent parser. Now a config_error naming the
// equation, its line and the column where the nesting goes too deep.
#include <string>

#include <boost/test/unit_test.hpp>

#include "build/equations/compiler.hpp"
#include "build/equations/parser.hpp"
#include "core/error.hpp"

namespace nb = neurowire::build;
using neurowire::config_error;

namespace {

nb::ModelEquations model_with(const std::string& rhs) {
    nb::ModelEquations m;
    m.population = "p";
    m.size = 2;
    m.file = "deep.yaml";
    m.equations = {{"d/dt v = " + rhs, "templates.m.equations[0]", 7}};
    m.states = {{"v", {0.0}}};
    m.params = {{"a", {1.0}}};
    return m;
}

std::string nested(const std::string& open, const std::string& inner, const std::string& close, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += open;
    s += inner;
    for (std::size_t i = 0; i < n; ++i) s += close;
    return s;
}

bool too_deep(const config_error& e) {
    return e.file == "deep.yaml" && e.line == 7 && e.key_path == "templates.m.equations[0]" &&
           std::string(e.what()).find("nested at most 256 levels deep") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(equations_depth)

BOOST_AUTO_TEST_CASE(ten_thousand_nested_parentheses_are_refused) {
    BOOST_CHECK_EXCEPTION(nb::compile_equations(model_with(nested("(", "v", ")", 10000))), config_error, too_deep);
}

BOOST_AUTO_TEST_CASE(every_recursive_form_is_bounded) {
    // Unary signs, right-associative powers, function calls and long operator chains all nest.
    for (const std::string& rhs : {nested("-", "v", "", 10000), nested("+", "v", "", 10000),
                                   nested("v^", "a", "", 5000), nested("exp(", "v", ")", 5000),
                                   nested("", "v", "+a", 5000), nested("", "v", "*a", 5000)})
        BOOST_CHECK_EXCEPTION(nb::compile_equations(model_with(rhs)), config_error, too_deep);
}

BOOST_AUTO_TEST_CASE(nesting_within_the_limit_still_compiles) {
    BOOST_CHECK_NO_THROW(nb::compile_equations(model_with(nested("(", "-v", ")", 200))));
    BOOST_CHECK_NO_THROW(nb::compile_equations(model_with(nested("", "v", "+a", 200))));
}

BOOST_AUTO_TEST_SUITE_END()
