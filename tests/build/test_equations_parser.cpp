// The equation parser and compiler: precedence, functions, folding, and the errors users see.
#include <cmath>
#include <fstream>
#include <iterator>
#include <vector>
#include <string>

#include <boost/test/unit_test.hpp>

#include "build/equations/compiler.hpp"
#include "core/error.hpp"
#include "sim/interpreter.hpp"
#include "sim/opcode_table.hpp"

namespace nb = neurowire::build;
namespace ns = neurowire::sim;

namespace {

// Evaluates `y = expr` for two units with per-unit parameters a = (0.5, 2) and b = (3, -1),
// a shared parameter c = 4 and a state v = (1, -1). Returns y of unit `unit`.
double evaluate(const std::string& expr, std::size_t unit = 0) {
    nb::ModelEquations m;
    m.population = "p";
    m.size = 2;
    m.equations = {{"y = " + expr, "equations[0]", 0}};
    m.states = {{"v", {1.0, -1.0}}};
    m.params = {{"a", {0.5, 2.0}}, {"b", {3.0, -1.0}}, {"c", {4.0}}};
    m.observed = {"y"};
    ns::PopulationProgram p = nb::compile_equations(m);
    ns::run_scalar_code(p.scalar_code, p.values.scalars);
    if (const auto s = p.values.find_scalar("y")) return p.values.scalars[*s];
    std::vector<double*> arrays;
    for (auto& a : p.values.arrays) arrays.push_back(a.data());
    std::vector<double> temps(p.values.n_temps * ns::chunk_size);
    const ns::Frame fr{arrays.data(), p.values.scalars.data(), temps.data(), 0, 2};
    ns::run_chunk(p.code, fr);
    return p.values.arrays[*p.values.find_array("y")][unit];
}

nb::ModelEquations model(std::vector<std::string> equations) {
    nb::ModelEquations m;
    m.population = "p";
    m.size = 3;
    m.file = "models.yaml";
    for (std::size_t i = 0; i < equations.size(); ++i)
        m.equations.push_back({equations[i], "templates.m.equations[" + std::to_string(i) + "]", 0});
    m.states = {{"v", {0.0}}};
    m.params = {{"tau", {10.0}}, {"k", {1.0, 2.0, 3.0}}};
    m.inputs = {"I"};
    return m;
}

// Compiles and returns the error, failing the test if there is none.
neurowire::config_error compile_error(const nb::ModelEquations& m) {
    try {
        nb::compile_equations(m);
    } catch (const neurowire::config_error& e) {
        return e;
    }
    BOOST_FAIL("no config_error thrown");
    throw std::logic_error("unreachable");
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(equations_parser)

BOOST_AUTO_TEST_CASE(precedence_and_associativity) {
    BOOST_TEST(evaluate("-2^2") == -4.0);
    BOOST_TEST(evaluate("2^3^2") == 512.0);
    BOOST_TEST(evaluate("1+2*3") == 7.0);
    BOOST_TEST(evaluate("(1+2)*3") == 9.0);
    BOOST_TEST(evaluate("2^-1") == 0.5);
    BOOST_TEST(evaluate("8/4/2") == 1.0);
    BOOST_TEST(evaluate("10-4-3") == 3.0);
    BOOST_TEST(evaluate("2**3") == 8.0);
    BOOST_TEST(evaluate("1e-3*1e3") == 1.0);
    BOOST_TEST(evaluate("-a^2", 1) == -4.0);          // per-unit, emitted rather than folded
    BOOST_TEST(evaluate("a + b*c", 1) == 2.0 - 4.0);
    BOOST_TEST(evaluate("1 + 2 < 4") == 1.0);         // comparisons bind loosest
}

BOOST_AUTO_TEST_CASE(functions) {
    BOOST_TEST(evaluate("exp(a)", 1) == std::exp(2.0));
    BOOST_TEST(evaluate("log(a)", 0) == std::log(0.5));
    BOOST_TEST(evaluate("sqrt(c)") == 2.0);
    BOOST_TEST(evaluate("abs(b)", 1) == 1.0);
    BOOST_TEST(evaluate("tanh(a)", 0) == std::tanh(0.5));
    BOOST_TEST(evaluate("sigmoid(b)", 0) == 1.0 / (1.0 + std::exp(-3.0)));
    BOOST_TEST(evaluate("sin(a) + cos(a)", 1) == std::sin(2.0) + std::cos(2.0));
    BOOST_TEST(evaluate("pow(a, 3)", 1) == 8.0);
    BOOST_TEST(evaluate("min(a, b)", 1) == -1.0);
    BOOST_TEST(evaluate("max(a, b)", 1) == 2.0);
    BOOST_TEST(evaluate("heaviside(0)") == 1.0);      // H(0) = 1
    BOOST_TEST(evaluate("heaviside(b)", 1) == 0.0);
    BOOST_TEST(evaluate("clip(b, 0, 2)", 0) == 2.0);
    BOOST_TEST(evaluate("clip(b, 0, 2)", 1) == 0.0);
    BOOST_TEST(evaluate("v*c", 1) == -4.0);
}

BOOST_AUTO_TEST_CASE(comparisons) {
    BOOST_TEST(evaluate("a < b", 0) == 1.0);
    BOOST_TEST(evaluate("a < b", 1) == 0.0);
    BOOST_TEST(evaluate("a <= 2", 1) == 1.0);
    BOOST_TEST(evaluate("a > b", 1) == 1.0);
    BOOST_TEST(evaluate("a >= 2", 0) == 0.0);
    BOOST_TEST(evaluate("a == 2", 1) == 1.0);
    BOOST_TEST(evaluate("a != 2", 1) == 0.0);
}

BOOST_AUTO_TEST_CASE(constants_fold_and_shared_parameters_hoist) {
    auto m = model({"x = 2*3 + 1", "y = 1/tau", "d/dt v = -v*y + k*I + x"});
    const ns::PopulationProgram p = nb::compile_equations(m);
    BOOST_TEST(p.values.find_scalar("x").has_value());
    BOOST_TEST(p.values.find_scalar("y").has_value());
    BOOST_TEST(!p.values.find_array("x").has_value());
    // v*(-y) (the negation hoisted), k*I, add, add: nothing over constants or shared
    // parameters is left per unit. k*I is read once, by the add after it: the two fuse.
    BOOST_TEST(p.code.size() == 3u);
    BOOST_TEST(p.states.size() == 1u);
}

BOOST_AUTO_TEST_CASE(assignments_are_ordered_by_dependency) {
    auto m = model({"d/dt v = b - v", "b = a * 2", "a = k + 1"});
    m.observed = {"b"};
    ns::PopulationProgram p = nb::compile_equations(m);
    ns::run_scalar_code(p.scalar_code, p.values.scalars);
    std::vector<double*> arrays;
    for (auto& a : p.values.arrays) arrays.push_back(a.data());
    std::vector<double> temps(p.values.n_temps * ns::chunk_size);
    ns::run_chunk(p.code, {arrays.data(), p.values.scalars.data(), temps.data(), 0, 3});
    const auto& b = p.values.arrays[*p.values.find_array("b")];
    BOOST_TEST(b[2] == 8.0);
}

BOOST_AUTO_TEST_CASE(syntax_error_names_column_and_text) {
    const auto e = compile_error(model({"d/dt v = -v / tau", "x = (k + * 2"}));
    BOOST_TEST(e.key_path == "templates.m.equations[1]");
    BOOST_TEST(e.file == "models.yaml");
    BOOST_TEST(e.column == 10u);
    BOOST_TEST(contains(e.what(), "column 10"));
    BOOST_TEST(contains(e.what(), "x = (k + * 2"));
    const auto e2 = compile_error(model({"x = (k + 2"}));
    BOOST_TEST(contains(e2.what(), "')'"));
    BOOST_TEST(e2.column == 11u);
    const auto e3 = compile_error(model({"x = k $ 2"}));
    BOOST_TEST(e3.column == 7u);
    const auto e4 = compile_error(model({"x = 2k"}));
    BOOST_TEST(e4.column == 6u);
}

BOOST_AUTO_TEST_CASE(undefined_symbol) {
    const auto e = compile_error(model({"d/dt v = -v / tau + w"}));
    BOOST_TEST(contains(e.what(), "'w'"));
    BOOST_TEST(e.column == 21u);
}

BOOST_AUTO_TEST_CASE(cycle_is_named) {
    const auto e = compile_error(model({"a = b + 1", "b = c * 2", "c = a", "d/dt v = a"}));
    BOOST_TEST(contains(e.what(), "a -> b -> c -> a"));
    const auto self = compile_error(model({"a = a + 1"}));
    BOOST_TEST(contains(self.what(), "a -> a"));
}

BOOST_AUTO_TEST_CASE(assigning_parameters_inputs_states) {
    BOOST_TEST(contains(compile_error(model({"tau = 3"})).what(), "parameter"));
    BOOST_TEST(contains(compile_error(model({"I = 3"})).what(), "input"));
    BOOST_TEST(contains(compile_error(model({"v = 3"})).what(), "d/dt v"));
    BOOST_TEST(contains(compile_error(model({"d/dt tau = 3"})).what(), "not a state"));
    BOOST_TEST(contains(compile_error(model({"d/dt v = 1", "d/dt v = 2"})).what(), "second"));
    BOOST_TEST(contains(compile_error(model({"x = 1", "x = 2"})).what(), "second assignment"));
}

BOOST_AUTO_TEST_CASE(functions_checked) {
    const auto e = compile_error(model({"x = foo(k)"}));
    BOOST_TEST(contains(e.what(), "'foo'"));
    BOOST_TEST(e.column == 5u);
    const auto e2 = compile_error(model({"x = max(k)"}));
    BOOST_TEST(contains(e2.what(), "2 argument(s) for max"));
    BOOST_TEST(contains(e2.what(), "found 1"));
}

BOOST_AUTO_TEST_CASE(declarations_checked) {
    auto m = model({"d/dt v = -v"});
    m.params.push_back({"v", {1.0}});
    BOOST_TEST(contains(compile_error(m).what(), "declared once"));
    auto m2 = model({"d/dt v = -v"});
    m2.params.push_back({"w", {1.0, 2.0}});
    BOOST_TEST(contains(compile_error(m2).what(), "1 or 3 values"));
}

BOOST_AUTO_TEST_CASE(source_assignments_run_before_delivery) {
    auto m = model({"r = tanh(v)", "d/dt v = -v + k*I"});
    m.sources = {"r"};
    const auto p = nb::compile_equations(m);
    BOOST_TEST(p.source_code.size() == 1u);
    auto bad = model({"r = tanh(v) + I", "d/dt v = -v"});
    bad.sources = {"r"};
    BOOST_TEST(contains(compile_error(bad).what(), "depends on input 'I'"));
}

BOOST_AUTO_TEST_CASE(spike_rule) {
    auto m = model({"d/dt v = -v / tau + I"});
    m.states.push_back({"s", {0.0}});
    m.params.push_back({"v_th", {1.0}});
    m.params.push_back({"t_ref", {2.0}});
    nb::SpikeEquations s;
    s.when = {"v >= v_th", "spike.when", 0};
    s.reset = {{"v", {"0", "spike.reset.v", 0}}};
    s.add = {{"s", {"1.0", "spike.add.s", 0}}};
    s.refractory = nb::SourceText{"t_ref", "spike.refractory", 0};
    m.spike = s;
    const auto p = nb::compile_equations(m);
    BOOST_REQUIRE(p.spike.has_value());
    BOOST_TEST(p.spike->reset.size() == 1u);
    BOOST_TEST(p.spike->add.size() == 1u);
    BOOST_TEST(p.spike->held == std::vector<std::uint32_t>{0});
    BOOST_TEST((p.spike->refractory.kind == ns::operand_kind::scalar));
    m.spike->reset = {{"w", {"0", "spike.reset.w", 0}}};
    BOOST_TEST(contains(compile_error(m).what(), "'w'"));
}

// Every opcode equations can spell, from the table itself: the parser accepts it with its arity
// (and refuses another count), the compiled program computes its scalar meaning on per-unit
// operands, and docs/equations.md documents it.
BOOST_AUTO_TEST_CASE(every_spelling_in_the_opcode_table) {
    std::ifstream docs_in(std::string(NEUROWIRE_SOURCE_DIR) + "/docs/equations.md");
    BOOST_REQUIRE(docs_in);
    const std::string docs((std::istreambuf_iterator<char>(docs_in)), std::istreambuf_iterator<char>());
    // Operand names and their values in units 0 and 1 (see evaluate).
    const char* names[] = {"a", "b", "v"};
    const double values[2][3] = {{0.5, 3.0, 1.0}, {2.0, -1.0, -1.0}};
    const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    int spelled = 0;
    for (const ns::OpcodeInfo& op : ns::opcode_table) {
        std::vector<std::string> forms;
        if (!op.function.empty()) {
            std::string call = std::string(op.function) + "(";
            for (int k = 0; k < op.arity; ++k) call += (k ? ", " : "") + std::string(names[k]);
            forms.push_back(call + ")");
            BOOST_TEST(contains(docs, "`" + std::string(op.function) + "("), op.function << " in docs/equations.md");
            // One argument too many is refused with the count the table gives.
            const auto e = compile_error(model({"x = " + std::string(op.function) + "(k, k, k, k)"}));
            BOOST_TEST(contains(e.what(), std::to_string(op.arity) + " argument(s) for " + std::string(op.function)));
        }
        if (op.spelled_as == ns::syntax::prefix) forms.push_back(std::string(op.spelling) + "a");
        if (op.spelled_as == ns::syntax::infix || op.spelled_as == ns::syntax::comparison)
            forms.push_back("a " + std::string(op.spelling) + " b");
        if (op.spelled_as != ns::syntax::none)
            BOOST_TEST(contains(docs, "`" + forms.back() + "`"), forms.back() << " in docs/equations.md");
        for (const std::string& form : forms) {
            ++spelled;
            for (std::size_t unit = 0; unit < 2; ++unit) {
                const double* x = values[unit];
                const double expect = ns::apply(op.op, x[0], x[1], x[2]);
                const double got = evaluate(form, unit);
                BOOST_TEST(same(got, expect), form << " unit " << unit << ": " << got << " vs " << expect);
            }
        }
    }
    BOOST_TEST(spelled == 27);   // 15 functions (pow and exprel among them), 5 infix operators, 6 comparisons, 1 prefix
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(equations_codegen)

BOOST_AUTO_TEST_CASE(coba_model_compiles_to_seven_instructions) {
    nb::ModelEquations m;
    m.population = "E";
    m.size = 4;
    m.equations = {{"I_syn = g_e*(E_e - v) + g_i*(E_i - v)", "e[0]", 0},
                   {"d/dt v = (-(v - v_rest) + I_ext + I_syn) / tau", "e[1]", 0},
                   {"d/dt g_e = -g_e / tau_e", "e[2]", 0},
                   {"d/dt g_i = -g_i / tau_i", "e[3]", 0}};
    m.states = {{"v", {-60.0}}, {"g_e", {0.0}}, {"g_i", {0.0}}};
    m.params = {{"v_rest", {-60.0}}, {"tau", {20.0}}, {"E_e", {0.0}}, {"E_i", {-80.0}}, {"tau_e", {5.0}},
                {"tau_i", {10.0}}, {"I_ext", {20.0}}};
    ns::PopulationProgram p = nb::compile_equations(m);
    // I_syn: sub, mul, sub, mul, add; v: sub (−(v − v_rest) as v_rest − v), add, add, div;
    // g_e, g_i: one div each by the hoisted −τ. Eleven operations; single-use temporaries fuse
    // into the next instruction: (E_e − v)·g_e, (E_i − v)·g_i, I_syn = + ,
    // (v_rest − v) + I_ext, (· + I_syn)/τ, and the two divs.
    BOOST_TEST(p.code.size() == 7u);
    BOOST_TEST((p.code[0].op == ns::opcode::sub_mul));
    BOOST_TEST((p.code[3].op == ns::opcode::sub_add));
    BOOST_TEST((p.code[4].op == ns::opcode::add_div));
    p.values.arrays[*p.values.find_array("g_e")] = {0.5, 1.0, 2.0, -1.0};
    ns::run_scalar_code(p.scalar_code, p.values.scalars);
    std::vector<double*> arrays;
    for (auto& a : p.values.arrays) arrays.push_back(a.data());
    std::vector<double> temps(p.values.n_temps * ns::chunk_size);
    ns::run_chunk(p.code, {arrays.data(), p.values.scalars.data(), temps.data(), 0, 4});
    const auto& g = p.states[1].derivative;
    const double* dg = g.kind == ns::operand_kind::temp ? temps.data() + g.index * ns::chunk_size : arrays[g.index];
    BOOST_TEST(dg[2] == -2.0 / 5.0, boost::test_tools::tolerance(1e-15));
    const auto& dv = p.states[0].derivative;
    const double* dvp = temps.data() + dv.index * ns::chunk_size;
    BOOST_TEST(dvp[0] == (0.0 + 20.0 + 0.5 * 60.0) / 20.0, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_SUITE_END()
