#pragma once
// Syntax trees → instructions over one population's value table.
//
// Each sub-expression is classified as it is compiled: a constant is folded (with the very
// functions the interpreter uses, so folding never changes a result); an expression of scalar
// parameters and constants is hoisted into scalar code, run once before the first step; anything
// else is emitted into the unit code with a fresh virtual temporary. `finish` then packs the
// virtual temporaries of each list into few chunk registers by their last use.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "build/equations/parser.hpp"
#include "sim/program.hpp"

namespace neurowire::build::equations {

enum class symbol_kind { state, param, input, assignment, time };

struct Symbol {
    symbol_kind kind;
    sim::Operand value;
};

class InstructionEmitter {
public:
    explicit InstructionEmitter(sim::PopulationProgram& program) : p_(program) {}

    std::uint32_t add_array(const std::string& name, std::vector<double> values);
    std::uint32_t add_scalar(const std::string& name, double value);
    void define(const std::string& name, Symbol s) { symbols_[name] = s; }
    bool has_symbol(const std::string& name) const { return symbols_.count(name) > 0; }
    const Symbol* find(const std::string& name) const;

    // `target = rhs` into `code`; defines `target`. With `keep_array` the value is stored in a
    // per-unit array named `target`; without, `target` names the value where it was computed (a
    // chunk register, or the array or scalar it copies), for later instructions of `code` only.
    void assign(const Equation& eq, const TextContext& where, std::vector<sim::Instruction>& code,
                bool keep_array);
    // dx/dt into `code`; the operand stays valid until the end of the list (for integration).
    sim::Operand derivative(const Expr& rhs, const TextContext& where, std::vector<sim::Instruction>& code,
                            std::uint32_t state_slot);
    // A value read after the list ends (spike condition).
    sim::Operand expression_result(const Expr& e, const TextContext& where, std::vector<sim::Instruction>& code);
    // A reset/add value: never aliases a state array, since states change while values are applied.
    sim::Operand spike_value(const Expr& e, const TextContext& where, std::vector<sim::Instruction>& code);
    // Refractory period: a scalar or a per-unit parameter array, known before the run.
    sim::Operand refractory(const Expr& e, const TextContext& where);

    // Register allocation of every list; rewrites the operands that outlive their lists.
    void finish();

private:
    struct Value {
        sim::Operand op;
        bool constant = false;
        double c = 0.0;
        bool hoisted = false;   // scalar that never changes during the run
        // The value of a named assignment: other instructions may read it too, so the
        // instruction that computed it is never rewritten for one reader.
        bool named = false;
    };

    Value compile(const Expr& e, const TextContext& where, std::vector<sim::Instruction>& code);
    Value symbol(const Expr& e, const TextContext& where);
    Value emit(sim::opcode op, const std::vector<Value>& args, std::vector<sim::Instruction>& code);
    std::optional<Value> peephole(sim::opcode op, const std::vector<Value>& args, std::vector<sim::Instruction>& code);
    sim::Operand materialize(const Value& v);
    sim::Operand live(const Value& v, std::vector<sim::Instruction>& code, bool copy_states);
    bool is_state_array(const sim::Operand& op) const;
    void allocate(std::vector<sim::Instruction>& code, const std::vector<sim::Operand*>& live_out);
    void fuse(std::vector<sim::Instruction>& code, const std::vector<sim::Operand*>& live_out);

    sim::PopulationProgram& p_;
    std::map<std::string, Symbol> symbols_;
    std::map<std::uint64_t, std::uint32_t> constants_;   // bit pattern → scalar slot
    std::uint32_t next_temp_ = 0;
};

}  // namespace neurowire::build::equations
