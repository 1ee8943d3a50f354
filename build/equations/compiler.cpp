// Model equations → instruction lists: declarations become value-table slots, assignments are
// ordered by dependency, expressions are folded, hoisted or emitted, and temporaries are packed
// into as few chunk registers as the lists need.
#include "build/equations/compiler.hpp"

#include <map>
#include <set>

#include "build/equations/instructions.hpp"
#include "build/equations/linearity.hpp"
#include "build/equations/parser.hpp"
#include "core/error.hpp"

namespace neurowire::build {

using equations::Equation;
using equations::Expr;
using equations::TextContext;
using sim::Operand;

namespace {

void collect_symbols(const Expr& e, std::vector<std::string>& out) {
    if (e.type == Expr::kind::symbol) out.push_back(e.name);
    for (const auto& a : e.args) collect_symbols(a, out);
}

class ModelCompiler {
    struct Parsed {
        Equation eq;
        const SourceText* src;
    };

public:
    explicit ModelCompiler(const ModelEquations& m) : m_(m), gen_(program_) {}

    sim::PopulationProgram run() {
        program_.name = m_.population;
        program_.size = m_.size;
        declare();
        parse_all();
        order_assignments();
        emit_assignments_and_derivatives();
        if (m_.spike) emit_spike();
        set_output();
        gen_.finish();
        return std::move(program_);
    }

private:
    [[noreturn]] void model_error(const std::string& key, const std::string& expected, const std::string& found) {
        throw config_error(m_.file, 0, 0, m_.key_path.empty() ? key : m_.key_path + "." + key, expected, found);
    }

    void check_new_name(const std::string& name, const std::string& key) {
        if (name == "t") model_error(key, "a name other than 't' (the time)", "'t'");
        if (gen_.has_symbol(name)) model_error(key, "each name declared once", "'" + name + "' again");
    }

    std::vector<double> broadcast(const NamedValues& v, const std::string& key) {
        if (v.values.size() == m_.size) return v.values;
        if (v.values.size() == 1) return std::vector<double>(m_.size, v.values[0]);
        model_error(key + "." + v.name, "1 or " + std::to_string(m_.size) + " values",
                    std::to_string(v.values.size()));
    }

    void declare() {
        for (const auto& s : m_.states) {
            check_new_name(s.name, "state");
            const std::uint32_t slot = gen_.add_array(s.name, broadcast(s, "state"));
            gen_.define(s.name, {equations::symbol_kind::state, Operand::array(slot)});
            state_index_[s.name] = static_cast<std::uint32_t>(program_.states.size());
            program_.states.push_back({slot, Operand{}});
        }
        for (const auto& p : m_.params) {
            check_new_name(p.name, "params");
            // One value is a shared scalar (broadcast by the interpreter); one per unit an array.
            const Operand slot = p.values.size() == 1
                                     ? Operand::scalar(gen_.add_scalar(p.name, p.values[0]))
                                     : Operand::array(gen_.add_array(p.name, broadcast(p, "params")));
            gen_.define(p.name, {equations::symbol_kind::param, slot});
        }
        for (const auto& in : m_.inputs) {
            check_new_name(in, "inputs");
            const std::uint32_t slot = gen_.add_array(in, std::vector<double>(m_.size, 0.0));
            gen_.define(in, {equations::symbol_kind::input, Operand::array(slot)});
            program_.inputs.push_back(slot);
        }
    }

    TextContext context(const SourceText& s) const { return TextContext{&m_.file, &s}; }

    void parse_all() {
        std::set<std::string> odes;
        for (const auto& src : m_.equations) {
            const TextContext where = context(src);
            Equation eq = equations::parse_equation(where);
            const auto* sym = gen_.find(eq.target);
            if (eq.derivative) {
                if (!sym || sym->kind != equations::symbol_kind::state)
                    equations::fail(where, eq.target_column, "a state variable after d/dt",
                                    "'" + eq.target + "'" + (sym ? " (not a state)" : " (not declared)"));
                if (!odes.insert(eq.target).second)
                    equations::fail(where, eq.target_column, "one equation d/dt " + eq.target,
                                    "a second one");
                odes_.push_back({std::move(eq), &src});
                continue;
            }
            if (sym) {
                const char* what = sym->kind == equations::symbol_kind::state   ? "a state (write d/dt "
                                   : sym->kind == equations::symbol_kind::param ? "a parameter ("
                                                                               : "an input (";
                equations::fail(where, eq.target_column, "a new variable name on the left of '='",
                                "'" + eq.target + "', " + what + eq.target + ")");
            }
            if (eq.target == "t") equations::fail(where, eq.target_column, "a variable other than t", "'t'");
            if (assignment_index_.count(eq.target))
                equations::fail(where, eq.target_column, "one assignment per variable",
                                "a second assignment to '" + eq.target + "'");
            assignment_index_[eq.target] = assignments_.size();
            assignments_.push_back({std::move(eq), &src});
        }
    }

    // Depth-first topological order of the assignments, in declaration order where free.
    void order_assignments() {
        std::vector<int> color(assignments_.size(), 0);   // 0 new, 1 on stack, 2 done
        std::vector<std::size_t> stack;
        for (std::size_t i = 0; i < assignments_.size(); ++i) visit(i, color, stack);
    }

    void visit(std::size_t i, std::vector<int>& color, std::vector<std::size_t>& stack) {
        if (color[i] == 2) return;
        if (color[i] == 1) {
            std::string cycle;
            auto it = std::find(stack.begin(), stack.end(), i);
            for (; it != stack.end(); ++it) cycle += assignments_[*it].eq.target + " -> ";
            cycle += assignments_[i].eq.target;
            const auto& a = assignments_[i];
            equations::fail(context(*a.src), a.eq.target_column, "assignments without a cycle",
                            "the cycle " + cycle);
        }
        color[i] = 1;
        stack.push_back(i);
        std::vector<std::string> names;
        collect_symbols(assignments_[i].eq.rhs, names);
        for (const auto& n : names) {
            const auto it = assignment_index_.find(n);
            if (it != assignment_index_.end()) visit(it->second, color, stack);
        }
        stack.pop_back();
        color[i] = 2;
        order_.push_back(i);
    }

    // Assignments projections read, with their dependencies, go into source_code.
    std::set<std::size_t> source_assignments() {
        std::set<std::size_t> marked;
        std::vector<std::size_t> todo;
        for (const auto& s : m_.sources) {
            const auto it = assignment_index_.find(s);
            if (it != assignment_index_.end()) todo.push_back(it->second);
            else if (!gen_.find(s)) model_error("sources", "a variable of the model", "'" + s + "'");
        }
        while (!todo.empty()) {
            const std::size_t i = todo.back();
            todo.pop_back();
            if (!marked.insert(i).second) continue;
            std::vector<std::string> names;
            collect_symbols(assignments_[i].eq.rhs, names);
            for (const auto& n : names) {
                const auto* sym = gen_.find(n);
                if (sym && sym->kind == equations::symbol_kind::input)
                    equations::fail(context(*assignments_[i].src), assignments_[i].eq.target_column,
                                    "a projection source that does not depend on inputs of its own population",
                                    "'" + assignments_[i].eq.target + "' depends on input '" + n + "'");
                const auto it = assignment_index_.find(n);
                if (it != assignment_index_.end()) todo.push_back(it->second);
            }
        }
        return marked;
    }

    // Assignments read from outside `code`: listed as observed, the output, or named by the spike
    // rule (its code is a list of its own, run after the states moved, so it reads the array).
    std::set<std::string> assignments_read_outside() const {
        std::set<std::string> names(m_.observed.begin(), m_.observed.end());
        if (!m_.output.empty()) names.insert(m_.output);
        if (m_.spike) {
            const SpikeEquations& s = *m_.spike;
            std::vector<const SourceText*> texts{&s.when};
            for (const auto& r : s.reset) texts.push_back(&r.second);
            for (const auto& a : s.add) texts.push_back(&a.second);
            if (s.refractory) texts.push_back(&*s.refractory);
            std::vector<std::string> symbols;
            for (const SourceText* t : texts) collect_symbols(equations::parse_expression(context(*t)), symbols);
            names.insert(symbols.begin(), symbols.end());
        }
        return names;
    }

    void emit_assignments_and_derivatives() {
        const std::set<std::size_t> early = source_assignments();
        // Source assignments are read by delivery and, from another list, by `code`: arrays.
        for (const std::size_t i : order_) {
            if (!early.count(i)) continue;
            gen_.assign(assignments_[i].eq, context(*assignments_[i].src), program_.source_code, true);
        }
        const std::set<std::string> outside = assignments_read_outside();
        for (const std::size_t i : order_) {
            if (early.count(i)) continue;
            const Equation& eq = assignments_[i].eq;
            gen_.assign(eq, context(*assignments_[i].src), program_.code, outside.count(eq.target) > 0);
        }
        for (auto& ode : odes_) {
            const auto& st = program_.states[state_index_.at(ode.eq.target)];
            const Expr rhs = m_.method == sim::solver::exponential_euler ? exponential_rhs(ode) : ode.eq.rhs;
            program_.states[state_index_.at(ode.eq.target)].derivative =
                gen_.derivative(rhs, context(*ode.src), program_.code, st.value);
        }
    }

    // f·exprel(B·dt) for exponential Euler; f itself where f does not involve x (then Euler is exact).
    Expr exponential_rhs(const Parsed& ode) {
        std::map<std::string, equations::AssignmentText> texts;
        for (const auto& a : assignments_) texts[a.eq.target] = {&a.eq.rhs, context(*a.src)};
        const equations::AssignmentLookup lookup = [&texts](const std::string& name) -> const equations::AssignmentText* {
            const auto it = texts.find(name);
            return it == texts.end() ? nullptr : &it->second;
        };
        std::optional<Expr> b = equations::linear_coefficient(ode.eq.rhs, ode.eq.target, context(*ode.src), lookup);
        if (!b) return ode.eq.rhs;
        const std::size_t col = ode.eq.rhs.column;
        Expr dt;
        dt.type = Expr::kind::number;
        dt.value = m_.dt;
        dt.column = col;
        Expr scaled;
        scaled.type = Expr::kind::call;
        scaled.op = sim::opcode::mul;
        scaled.args = {std::move(*b), std::move(dt)};
        scaled.column = col;
        Expr factor;
        factor.type = Expr::kind::call;
        factor.op = sim::opcode::exprel;
        factor.name = "exprel";
        factor.args = {std::move(scaled)};
        factor.column = col;
        Expr out;
        out.type = Expr::kind::call;
        out.op = sim::opcode::mul;
        out.args = {ode.eq.rhs, std::move(factor)};
        out.column = col;
        return out;
    }

    std::uint32_t state_named(const std::string& name, const SourceText& src) {
        const auto it = state_index_.find(name);
        if (it == state_index_.end()) {
            const TextContext where = context(src);
            equations::fail(where, 1, "a state variable to update on a spike", "'" + name + "'");
        }
        return it->second;
    }

    void emit_spike() {
        const SpikeEquations& s = *m_.spike;
        sim::SpikeRule rule;
        rule.condition = gen_.expression_result(equations::parse_expression(context(s.when)), context(s.when), rule.code);
        for (const auto& [name, src] : s.reset) {
            const std::uint32_t k = state_named(name, src);
            const Operand v = gen_.spike_value(equations::parse_expression(context(src)), context(src), rule.code);
            rule.reset.push_back({program_.states[k].value, v});
        }
        for (const auto& [name, src] : s.add) {
            const std::uint32_t k = state_named(name, src);
            const Operand v = gen_.spike_value(equations::parse_expression(context(src)), context(src), rule.code);
            rule.add.push_back({program_.states[k].value, v});
        }
        if (s.refractory) rule.refractory = gen_.refractory(equations::parse_expression(context(*s.refractory)),
                                                            context(*s.refractory));
        if (s.held.empty()) {
            for (const auto& [name, src] : s.reset) rule.held.push_back(state_named(name, src));
        } else {
            for (const auto& name : s.held) {
                const auto it = state_index_.find(name);
                if (it == state_index_.end()) model_error("spike.held", "a state variable", "'" + name + "'");
                rule.held.push_back(it->second);
            }
        }
        program_.spike = std::move(rule);
    }

    void set_output() {
        if (m_.output.empty()) return;
        const auto* sym = gen_.find(m_.output);
        if (!sym || sym->value.kind != sim::operand_kind::array)
            model_error("output", "a state, input, per-unit parameter or assignment", "'" + m_.output + "'");
        program_.output = sym->value.index;
    }

    const ModelEquations& m_;
    sim::PopulationProgram program_;
    equations::InstructionEmitter gen_;
    std::map<std::string, std::uint32_t> state_index_;
    std::map<std::string, std::size_t> assignment_index_;
    std::vector<Parsed> assignments_, odes_;
    std::vector<std::size_t> order_;
};

}  // namespace

sim::PopulationProgram compile_equations(const ModelEquations& model) { return ModelCompiler(model).run(); }

}  // namespace neurowire::build
