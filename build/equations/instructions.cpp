#include "build/equations/instructions.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "sim/opcode_table.hpp"

namespace neurowire::build::equations {

using sim::Instruction;
using sim::Operand;
using sim::operand_kind;

std::uint32_t InstructionEmitter::add_array(const std::string& name, std::vector<double> values) {
    p_.values.array_names.push_back(name);
    p_.values.arrays.push_back(std::move(values));
    return static_cast<std::uint32_t>(p_.values.arrays.size() - 1);
}

std::uint32_t InstructionEmitter::add_scalar(const std::string& name, double value) {
    p_.values.scalar_names.push_back(name);
    p_.values.scalars.push_back(value);
    return static_cast<std::uint32_t>(p_.values.scalars.size() - 1);
}

const Symbol* InstructionEmitter::find(const std::string& name) const {
    const auto it = symbols_.find(name);
    return it == symbols_.end() ? nullptr : &it->second;
}

Operand InstructionEmitter::materialize(const Value& v) {
    if (!v.constant) return v.op;
    const auto bits = std::bit_cast<std::uint64_t>(v.c);
    const auto it = constants_.find(bits);
    if (it != constants_.end()) return Operand::scalar(it->second);
    // Appended rather than "#" + …: GCC 12 warns falsely (-Wrestrict) on that concatenation.
    std::string name = "#";
    name += std::to_string(v.c);
    const std::uint32_t slot = add_scalar(name, v.c);
    constants_[bits] = slot;
    return Operand::scalar(slot);
}

InstructionEmitter::Value InstructionEmitter::symbol(const Expr& e, const TextContext& where) {
    if (const Symbol* s = find(e.name)) {
        Value v;
        v.op = s->value;
        v.hoisted = s->value.kind == operand_kind::scalar && s->kind != symbol_kind::time;
        v.named = s->kind == symbol_kind::assignment;
        return v;
    }
    if (e.name == "t") {
        const std::uint32_t slot = add_scalar("t", 0.0);
        p_.values.time = slot;
        define("t", {symbol_kind::time, Operand::scalar(slot)});
        return Value{Operand::scalar(slot), false, 0.0, false};
    }
    fail(where, e.column, "a state, parameter, input, assignment or t", "the undefined symbol '" + e.name + "'");
}

InstructionEmitter::Value InstructionEmitter::compile(const Expr& e, const TextContext& where, std::vector<Instruction>& code) {
    switch (e.type) {
        case Expr::kind::number: {
            Value v;
            v.constant = true;
            v.c = e.value;
            return v;
        }
        case Expr::kind::symbol:
            return symbol(e, where);
        case Expr::kind::call: break;
    }
    std::vector<Value> args;
    for (const auto& a : e.args) args.push_back(compile(a, where, code));
    return emit(e.op, args, code);
}

InstructionEmitter::Value InstructionEmitter::emit(sim::opcode op, const std::vector<Value>& args, std::vector<Instruction>& code) {
    const bool all_constant = std::all_of(args.begin(), args.end(), [](const Value& v) { return v.constant; });
    if (all_constant) {
        Value v;
        v.constant = true;
        v.c = sim::apply(op, args[0].c, args.size() > 1 ? args[1].c : 0.0, args.size() > 2 ? args[2].c : 0.0);
        return v;
    }
    if (const auto shortcut = peephole(op, args, code)) return *shortcut;
    Instruction ins;
    ins.op = op;
    ins.a = materialize(args[0]);
    if (args.size() > 1) ins.b = materialize(args[1]);
    if (args.size() > 2) ins.c = materialize(args[2]);
    const bool all_fixed =
        std::all_of(args.begin(), args.end(), [](const Value& v) { return v.constant || v.hoisted; });
    Value out;
    if (all_fixed) {
        std::string name = "=";
        name += std::to_string(p_.scalar_code.size());
        ins.dst = Operand::scalar(add_scalar(name, 0.0));
        p_.scalar_code.push_back(ins);
        out.hoisted = true;
    } else {
        ins.dst = Operand::temp(next_temp_++);
        code.push_back(ins);
    }
    out.op = ins.dst;
    return out;
}

// Rewrites that save an instruction per unit without changing a result (negation is exact):
//   -(a - b)      → b - a
//   (-x) * s, (-x) / s with s shared → x * (-s), x / (-s), the negation hoisted.
std::optional<InstructionEmitter::Value> InstructionEmitter::peephole(sim::opcode op, const std::vector<Value>& args,
                                                std::vector<Instruction>& code) {
    const auto made_last = [&](const Value& v) {
        return !v.constant && !v.hoisted && !v.named && v.op.kind == operand_kind::temp && !code.empty() &&
               code.back().dst == v.op;
    };
    if (op == sim::opcode::neg && made_last(args[0]) && code.back().op == sim::opcode::sub) {
        std::swap(code.back().a, code.back().b);
        return args[0];
    }
    if ((op == sim::opcode::mul || op == sim::opcode::div) && made_last(args[0]) &&
        code.back().op == sim::opcode::neg && (args[1].constant || args[1].hoisted)) {
        const Value negated = emit(sim::opcode::neg, {args[1]}, code);   // folded or hoisted
        Instruction& last = code.back();
        last.op = op;
        last.b = materialize(negated);
        return args[0];
    }
    return std::nullopt;
}

bool InstructionEmitter::is_state_array(const Operand& op) const {
    if (op.kind != operand_kind::array) return false;
    return std::any_of(p_.states.begin(), p_.states.end(), [&](const sim::StateVar& s) { return s.value == op.index; });
}

// An operand that must outlive its list: constants materialised, state arrays copied (the
// states change before the value is consumed).
Operand InstructionEmitter::live(const Value& v, std::vector<Instruction>& code, bool copy_states) {
    if (v.constant || v.hoisted) return materialize(v);
    if (copy_states && is_state_array(v.op)) {
        const Operand t = Operand::temp(next_temp_++);
        code.push_back({sim::opcode::copy, t, v.op, {}, {}});
        return t;
    }
    return v.op;
}

void InstructionEmitter::assign(const Equation& eq, const TextContext& where, std::vector<Instruction>& code,
                     bool keep_array) {
    const Value v = compile(eq.rhs, where, code);
    if (v.constant || v.hoisted) {
        // Shared by all units: a named scalar, filled once before the run.
        const std::uint32_t slot = add_scalar(eq.target, 0.0);
        p_.scalar_code.push_back({sim::opcode::copy, Operand::scalar(slot), materialize(v), {}, {}});
        define(eq.target, {symbol_kind::assignment, Operand::scalar(slot)});
        return;
    }
    if (!keep_array) {
        // Read by nothing but the rest of this list: storing it per unit every step would be a
        // store (and a cache line fetched) per unit for no reader. The value stays where it is;
        // an array it copies does not change before the list ends (only assignment arrays are
        // written in unit code, each once, before it is read).
        define(eq.target, {symbol_kind::assignment, v.op});
        return;
    }
    const std::uint32_t slot = add_array(eq.target, std::vector<double>(p_.size, 0.0));
    if (v.op.kind == operand_kind::temp && !v.named && !code.empty() && code.back().dst == v.op) {
        code.back().dst = Operand::array(slot);   // write the result in place, no copy
    } else {
        code.push_back({sim::opcode::copy, Operand::array(slot), v.op, {}, {}});
    }
    define(eq.target, {symbol_kind::assignment, Operand::array(slot)});
}

Operand InstructionEmitter::derivative(const Expr& rhs, const TextContext& where, std::vector<Instruction>& code,
                            std::uint32_t) {
    return live(compile(rhs, where, code), code, true);
}

Operand InstructionEmitter::expression_result(const Expr& e, const TextContext& where, std::vector<Instruction>& code) {
    return live(compile(e, where, code), code, false);
}

Operand InstructionEmitter::spike_value(const Expr& e, const TextContext& where, std::vector<Instruction>& code) {
    return live(compile(e, where, code), code, true);
}

Operand InstructionEmitter::refractory(const Expr& e, const TextContext& where) {
    std::vector<Instruction> scratch;
    const Value v = compile(e, where, scratch);
    if (v.constant || v.hoisted) return materialize(v);
    if (scratch.empty() && v.op.kind == operand_kind::array) {
        for (const auto& [name, s] : symbols_)
            if (s.kind == symbol_kind::param && s.value == v.op) return v.op;
    }
    fail(where, e.column, "a number, a parameter, or an expression of shared parameters", "'" + where.source->text + "'");
}

void InstructionEmitter::allocate(std::vector<Instruction>& code, const std::vector<Operand*>& live_out) {
    constexpr std::size_t forever = std::numeric_limits<std::size_t>::max();
    std::map<std::uint32_t, std::size_t> last_use;
    for (std::size_t i = 0; i < code.size(); ++i)
        for (const Operand* o : {&code[i].a, &code[i].b, &code[i].c})
            if (o->kind == operand_kind::temp && o->valid()) last_use[o->index] = i;
    for (const Operand* o : live_out)
        if (o->kind == operand_kind::temp) last_use[o->index] = forever;

    std::map<std::uint32_t, std::uint32_t> physical;
    std::vector<std::uint32_t> free;
    std::uint32_t used = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        Instruction& ins = code[i];
        std::vector<std::uint32_t> dying;
        for (Operand* o : {&ins.a, &ins.b, &ins.c}) {
            if (o->kind != operand_kind::temp || !o->valid()) continue;
            const std::uint32_t virt = o->index;
            o->index = physical.at(virt);
            if (last_use[virt] == i && std::find(dying.begin(), dying.end(), o->index) == dying.end())
                dying.push_back(o->index);
        }
        // Freed before the destination is chosen: element-wise loops may write where they read.
        free.insert(free.end(), dying.begin(), dying.end());
        if (ins.dst.kind == operand_kind::temp) {
            const std::uint32_t virt = ins.dst.index;
            std::uint32_t reg;
            if (free.empty()) {
                reg = used++;
            } else {
                reg = free.back();
                free.pop_back();
            }
            physical[virt] = reg;
            ins.dst.index = reg;
            if (!last_use.count(virt)) free.push_back(reg);   // never read
        }
    }
    for (Operand* o : live_out)
        if (o->kind == operand_kind::temp) o->index = physical.at(o->index);
    p_.values.n_temps = std::max(p_.values.n_temps, used);
}

// Each instruction is a pass over the chunk through L1, so the interpreter is bound by loads and
// stores, not arithmetic: a binary operation whose temporary is read once, by the very next
// instruction, is fused with it, (a x b) y c in one pass. Temporaries are still virtual (each
// written once), so counting reads finds the single-use ones. Results are unchanged: the fused
// loop rounds after each operation, and only commutative operations (+, ·) swap operands.
void InstructionEmitter::fuse(std::vector<Instruction>& code, const std::vector<Operand*>& live_out) {
    using sim::opcode;
    std::map<std::uint32_t, int> reads;
    for (const Instruction& ins : code) {
        const Operand* ops[] = {&ins.a, &ins.b, &ins.c};
        for (int k = 0; k < sim::arity(ins.op); ++k)
            if (ops[k]->kind == operand_kind::temp) ++reads[ops[k]->index];
    }
    for (const Operand* o : live_out)
        if (o->kind == operand_kind::temp) reads[o->index] += 2;
    const auto first_ok = [](opcode op) { return op == opcode::add || op == opcode::sub || op == opcode::mul; };
    const auto second_ok = [&](opcode op) { return first_ok(op) || op == opcode::div; };
    std::vector<Instruction> out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const Instruction& x = code[i];
        if (i + 1 < code.size() && first_ok(x.op) && x.dst.kind == operand_kind::temp && reads[x.dst.index] == 1 &&
            !(x.a.kind == operand_kind::scalar && x.b.kind == operand_kind::scalar) && second_ok(code[i + 1].op)) {
            const Instruction& y = code[i + 1];
            const bool commutative = y.op == opcode::add || y.op == opcode::mul;
            std::optional<Operand> other;
            if (y.a == x.dst && y.b != x.dst) other = y.b;
            else if (commutative && y.b == x.dst && y.a != x.dst) other = y.a;
            if (other) {
                out.push_back({sim::fused_opcode(x.op, y.op), y.dst, x.a, x.b, *other});
                ++i;
                continue;
            }
        }
        out.push_back(x);
    }
    code = std::move(out);
}

void InstructionEmitter::finish() {
    fuse(p_.source_code, {});
    allocate(p_.source_code, {});
    std::vector<Operand*> derivatives;
    for (auto& s : p_.states) derivatives.push_back(&s.derivative);
    fuse(p_.code, derivatives);
    allocate(p_.code, derivatives);
    if (p_.spike) {
        std::vector<Operand*> values{&p_.spike->condition};
        for (auto& u : p_.spike->reset) values.push_back(&u.value);
        for (auto& u : p_.spike->add) values.push_back(&u.value);
        fuse(p_.spike->code, values);
        allocate(p_.spike->code, values);
    }
    // States without an ODE stay constant between events: a zero derivative.
    for (auto& s : p_.states)
        if (!s.derivative.valid()) {
            Value zero;
            zero.constant = true;
            s.derivative = materialize(zero);
        }
}

}  // namespace neurowire::build::equations
