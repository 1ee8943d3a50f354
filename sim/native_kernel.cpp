// Code generation for native kernels; what the kernel computes and why it matches the
// interpreter bit for bit is explained in native_kernel.hpp.
//
// The generated unit body is a generic lambda over the value type T: double for single units,
// a GCC vector of doubles (8 lanes with AVX-512, 4 with AVX) for whole groups. Writing the vector
// code out instead of leaving it to the auto-vectoriser keeps the kernel fast whatever the model:
// GCC's vectoriser gives up on, or badly unrolls, loops that mix spike marks (bytes) with doubles
// and conditional reductions. Each lane does exactly the scalar operations, libm functions are
// called lane by lane, so vector and scalar paths agree bit for bit.
#include "sim/native_kernel.hpp"
#include "sim/native_kernel_prelude.hpp"

#include <map>
#include <set>
#include <vector>

namespace neurowire::sim {

namespace {


// Thrown inside the generator for what it does not reproduce; becomes KernelSource::unsupported.
struct unsupported {
    std::string why;
};

// "a" + "3" (built by appending: GCC 12 warns falsely about `"a" + std::to_string(3)`).
std::string indexed(const char* prefix, std::uint64_t k) {
    std::string s(prefix);
    s += std::to_string(k);
    return s;
}

// Every value in the body is a `const T` local; an expression of scalars alone is a double and
// becomes T through nw<T>::of (a broadcast), which every helper taking T needs.
std::string as_t(const std::string& e) { return "nw<T>::of(" + e + ")"; }

class Generator {
public:
    Generator(const PopulationProgram& pop, const std::vector<std::uint32_t>& uniform)
        : pop_(pop), temp_local_(pop.values.n_temps), uniform_(uniform.begin(), uniform.end()) {}

    std::string generate() {
        for (const Instruction& ins : pop_.code) instruction(ins);
        euler();
        if (pop_.spike) spike_check();
        return assemble();
    }

private:
    void line(const std::string& text) { body_ += "        " + text + "\n"; }
    std::string local() { return indexed("v", next_local_++); }

    void check_array(std::uint32_t k) const {
        if (k >= pop_.values.arrays.size()) throw unsupported{"an array operand out of range"};
    }
    // The current value of array k for the unit(s) at i: the local holding what this iteration
    // last wrote to it, else a load (once). Written arrays are stored at the end of the
    // iteration, so the body is straight-line code over locals.
    std::string array(std::uint32_t k) {
        check_array(k);
        if (const auto it = current_.find(k); it != current_.end()) return it->second;
        if (uniform_.count(k)) {
            // One value for every unit: read once per call, a load per unit saved. Still an array
            // operand for the choices below (a division by it stays a division), as for the
            // interpreter.
            uniform_read_.insert(k);
            return indexed("c", k);
        }
        arrays_.insert(k);
        loaded_.insert(k);
        const std::string x = indexed("x", k);
        line("const T " + x + " = nw<T>::load(" + indexed("a", k) + " + i);");
        current_[k] = x;
        return x;
    }
    void write_array(std::uint32_t k, const std::string& local) {
        check_array(k);
        if (uniform_.count(k)) throw unsupported{"a uniform array that is written"};
        arrays_.insert(k);
        written_.insert(k);
        current_[k] = local;
    }
    std::string scalar(std::uint32_t k) {
        if (k >= pop_.values.scalars.size()) throw unsupported{"a scalar operand out of range"};
        scalars_.insert(k);
        return indexed("s", k);
    }
    // 1/s, computed once, as the interpreter does for a shared divisor.
    std::string reciprocal(std::uint32_t k) {
        scalar(k);
        reciprocals_.insert(k);
        return indexed("r", k);
    }

    // The expression that reads operand `o` at this point of the program.
    std::string operand(const Operand& o) {
        switch (o.kind) {
            case operand_kind::array: return array(o.index);
            case operand_kind::scalar: return scalar(o.index);
            case operand_kind::temp:
                if (o.index >= temp_local_.size() || temp_local_[o.index].empty())
                    throw unsupported{"a temporary read before it is written"};
                return temp_local_[o.index];
        }
        throw unsupported{"an unknown operand kind"};
    }
    std::string operand_t(const Operand& o) { return as_t(operand(o)); }

    // opcode_table's C++ spelling of `ins` with its operands put in: $k is operand k as it is,
    // $Tk the same broadcast to T.
    std::string spelled(std::string_view pattern, const Instruction& ins) {
        const Operand* operands[] = {&ins.a, &ins.b, &ins.c};
        std::string raw[3];
        std::string out;
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (pattern[i] != '$') {
                out += pattern[i];
                continue;
            }
            const bool broadcast = pattern[i + 1] == 'T';
            if (broadcast) ++i;
            const auto k = static_cast<std::size_t>(pattern[++i] - '1');
            if (raw[k].empty()) raw[k] = operand(*operands[k]);
            out += broadcast ? as_t(raw[k]) : raw[k];
        }
        return out;
    }

    // The value of one instruction, as the interpreter's loop for its operand kinds computes it:
    // the table's spelling, or the shortcut the interpreter takes for these operands.
    std::string expression(const Instruction& ins) {
        const OpcodeInfo& op = info(ins.op);
        if (op.fast == shortcut::shared_divisor) {
            if (is_fused(ins.op) && ins.c.kind == operand_kind::scalar) {
                // (a x b) · 1/c, whatever a and b are.
                const OpcodeInfo& first = info(fused_first(ins.op));
                return "(" + spelled(first.cpp, ins) + " * " + reciprocal(ins.c.index) + ")";
            }
            // Only a per-unit dividend over a shared divisor takes the reciprocal (two scalars
            // divide once, exactly).
            if (!is_fused(ins.op) && ins.b.kind == operand_kind::scalar && ins.a.kind != operand_kind::scalar)
                return "(" + operand(ins.a) + " * " + reciprocal(ins.b.index) + ")";
        }
        if (op.fast == shortcut::exponent_two && ins.b.kind == operand_kind::scalar &&
            ins.b.index < pop_.values.scalars.size() && ins.b.index != pop_.values.time &&
            pop_.values.scalars[ins.b.index] == 2.0) {
            // An exponent that is a scalar equal to 2 (not t) is a·a outright, as the interpreter
            // decides for that value; otherwise nw_pow decides per unit, as the scalar meaning.
            const std::string x = operand(ins.a);
            scalar(ins.b.index);
            return "(" + x + " * " + x + ")";
        }
        if (op.cpp.empty()) throw unsupported{"opcode " + std::string(op.name)};
        return spelled(op.cpp, ins);
    }

    void instruction(const Instruction& ins) {
        const std::string value = expression(ins);
        const std::string name = local();
        line("const T " + name + " = " + as_t(value) + ";");
        switch (ins.dst.kind) {
            case operand_kind::temp:
                if (ins.dst.index >= temp_local_.size()) throw unsupported{"a temporary out of range"};
                temp_local_[ins.dst.index] = name;
                break;
            case operand_kind::array: write_array(ins.dst.index, name); break;
            case operand_kind::scalar: throw unsupported{"unit code that writes a scalar"};
        }
    }

    // x ← x + dt·f per state in program order, a held state keeping x while the unit is
    // refractory: both candidates are computed and one selected. Each derivative is read when its
    // state moves, as in the interpreter's Euler pass (a derivative that is another state's array
    // sees that state moved if it comes earlier).
    // The NaN/Inf check looks at the moved candidates m = x + dt·f rather than at the selected
    // values y: y is x or m, and m is non-finite whenever x is, so every non-finite y is seen.
    // The body returns the sum of its candidates and the loop adds these up per lane; s − s, for
    // the sum s of one lane, is 0 exactly when all its terms are finite, except that a finite sum
    // may overflow (a NaN or ±Inf anywhere leaves s NaN or ±Inf). One subtraction per call instead
    // of one per group. Either false alarm (an overflowing sum, or a held unit whose m is not
    // finite) only makes the runner look for a culprit, find none and go on.
    void euler() {
        std::vector<bool> held(pop_.states.size(), false);
        if (pop_.spike)
            for (const auto k : pop_.spike->held) {
                if (k >= held.size()) throw unsupported{"a held state out of range"};
                held[k] = true;
            }
        std::string sum;
        for (std::size_t s = 0; s < pop_.states.size(); ++s) {
            const StateVar& sv = pop_.states[s];
            std::string step;
            if (sv.derivative.kind == operand_kind::scalar) {
                // dt·f once for all units, as the interpreter does for a shared derivative.
                step = indexed("e", s);
                prologue_ += "    const double " + step + " = dt * " + scalar(sv.derivative.index) + ";\n";
            } else {
                step = "dt * " + operand(sv.derivative);
            }
            const std::string x = array(sv.value);
            const std::string m = indexed("m", s), y = indexed("y", s);
            line("const T " + m + " = " + x + " + " + step + ";");
            if (held[s]) line("const T " + y + " = nw_sel(live, " + m + ", " + x + ");");
            write_array(sv.value, held[s] ? y : m);
            sum = sum.empty() ? m : "(" + sum + " + " + m + ")";
        }
        if (!sum.empty()) line("sum = " + sum + ";");
    }

    // The spike condition on units that are not refractory, then reset and add on the units that
    // fired, as selects: the values stored are those of the interpreter's per-unit pass.
    // Refractoriness is kept as `until`, the last step a unit is refractory in, instead of the
    // interpreter's countdown: a unit that fires in step k with R refractory steps is held in
    // steps k+1 … k+R and may fire again from step k+R+1 on in both. `until` is written only for
    // units that fire, so the common path reads it and stores nothing.
    void spike_check() {
        const SpikeRule& rule = *pop_.spike;
        // A condition computed by a comparison (v >= v_th) gives the mask of the units that fire
        // directly, rather than the 1 or 0 of the comparison compared with 0.
        // The operands are named before the instruction runs: its result may take the register of
        // one of them.
        std::string fire;
        for (const Instruction& ins : rule.code) {
            if (ins.dst == rule.condition) {
                fire.clear();
                if (info(ins.op).spelled_as == syntax::comparison) {
                    fire = "nw_fire_" + std::string(info(ins.op).name) + "(live, " + operand_t(ins.a) + ", " +
                           operand_t(ins.b) + ")";
                }
            }
            instruction(ins);
        }
        if (fire.empty()) fire = "nw_fire_ne(live, " + operand_t(rule.condition) + ", nw<T>::of(0.0))";
        line("const auto f = " + fire + ";");
        for (const SpikeUpdate& r : rule.reset) {
            const std::string value = operand_t(r.value), target = array(r.array), z = local();
            line("const T " + z + " = nw_sel(f, " + value + ", " + target + ");");
            write_array(r.array, z);
        }
        for (const SpikeUpdate& a : rule.add) {
            const std::string value = operand(a.value), target = array(a.array), p = local(), z = local();
            line("const T " + p + " = " + target + " + " + value + ";");
            line("const T " + z + " = nw_sel(f, " + p + ", " + target + ");");
            write_array(a.array, z);
        }
        const Operand ref = rule.refractory;
        if (ref.valid() && ref.kind != operand_kind::scalar && ref.kind != operand_kind::array)
            throw unsupported{"a refractory period that is a temporary"};
        per_unit_refractory_ = ref.valid() && ref.kind == operand_kind::array;
        // The units that fired, in ascending order (a rare branch: a few per thousand units).
        line("for (nw_u64 w = nw_bits(f); w != 0; w &= w - 1) {");
        line("    const nw_u64 j = i + (nw_u64)(__builtin_ctzll(w) >> NW_BIT_SHIFT);");
        line("    spikes[count++] = (nw_u32)j;");
        line(std::string("    until[j] = step + ") + (per_unit_refractory_ ? "ref[j]" : "ref") + ";");
        line("}");
    }

    // The loop is a function of its own whose pointers are __restrict parameters (GCC honours
    // restrict on parameters, not on locals loaded from an array), called by the exported entry.
    std::string assemble() const {
        const bool spiking = pop_.spike.has_value();
        std::vector<std::string> params, args;
        for (const auto k : arrays_) {
            const bool written = written_.count(k) != 0;
            params.push_back(std::string(written ? "double" : "const double") + "* __restrict " + indexed("a", k));
            args.push_back("arrays[" + std::to_string(k) + "]");
        }
        for (const auto k : scalars_) {
            params.push_back("const double " + indexed("s", k));
            args.push_back("scalars[" + std::to_string(k) + "]");
        }
        for (const auto k : uniform_read_) {
            params.push_back("const double " + indexed("c", k));
            args.push_back("arrays[" + std::to_string(k) + "][0]");
        }
        if (spiking) {
            params.push_back("double* __restrict until");
            args.push_back("until");
            params.push_back(per_unit_refractory_ ? "const double* __restrict ref" : "const double ref");
            args.push_back(per_unit_refractory_ ? "ref_steps" : "ref_steps[0]");
            params.push_back("nw_u32* __restrict spikes");
            args.push_back("spikes");
            params.push_back("nw_u64* __restrict n_spikes");
            args.push_back("n_spikes");
        }
        for (const char* p : {"const double dt", "const double step", "const nw_u64 begin", "const nw_u64 end"})
            params.push_back(p);
        for (const char* a : {"dt", "step", "begin", "end"}) args.push_back(a);
        auto join = [](const std::vector<std::string>& v, const char* sep) {
            std::string out;
            for (std::size_t k = 0; k < v.size(); ++k) out += (k ? sep : "") + v[k];
            return out;
        };

        std::string s = native_kernel_prelude;
        s += "__attribute__((noinline)) static nw_u64 euler_loop(\n        " + join(params, ",\n        ") + ") {\n";
        for (const auto k : reciprocals_)
            s += "    const double " + indexed("r", k) + " = 1.0 / " + indexed("s", k) + ";\n";
        s += prologue_;
        // The body for the unit(s) at i: T is double or nw_vd. Returns the sum of the moved states
        // (see euler()).
        s += "    (void)dt; (void)step;\n";
        if (spiking) s += "    nw_u64 count = 0;\n";
        s += "    auto body = [&](auto tag, const nw_u64 i) __attribute__((always_inline)) {\n";
        s += "        using T = decltype(tag);\n";
        s += "        (void)i;\n";
        s += "        T sum = T{};\n";
        if (spiking) s += "        const auto live = nw_live(step, nw<T>::load(until + i));\n";
        s += body_;
        for (const auto k : written_) {
            // A store to a line that is not in L1 waits for it to be fetched; the hardware
            // prefetchers follow loads, so an array that is only written (an assignment such as
            // I_syn) is fetched ahead explicitly — a third of COBA's kernel time otherwise.
            if (loaded_.count(k) == 0) s += "        __builtin_prefetch(" + indexed("a", k) + " + i + 64, 1, 3);\n";
            s += "        nw_store(" + indexed("a", k) + " + i, " + current_.at(k) + ");\n";
        }
        s += "        return sum;\n    };\n";
        s += "    nw_u64 i = begin;\n";
        s += "    nw_vd sums = {};\n";
        // Two groups per iteration halve the loop's own instructions (a few percent).
        s += "    for (; i + 2 * NW_LANES <= end; i += 2 * NW_LANES) {\n";
        s += "        sums += body(nw_vd{}, i);\n";
        s += "        sums += body(nw_vd{}, i + NW_LANES);\n";
        s += "    }\n";
        s += "    for (; i + NW_LANES <= end; i += NW_LANES) sums += body(nw_vd{}, i);\n";
        s += "    double tail = 0.0;\n";
        s += "    for (; i < end; ++i) tail += body(0.0, i);\n";
        s += "    nw_u64 bad = (tail - tail) != 0.0;\n";
        s += "    for (int k = 0; k < NW_LANES; ++k) bad |= (sums[k] - sums[k]) != 0.0;\n";
        if (spiking) s += "    *n_spikes = count;\n";
        s += "    return bad;\n}\n\n";
        s += "extern \"C\" nw_u64 neurowire_euler_kernel(double* const* arrays, const double* scalars, double* until,\n"
             "        const double* ref_steps, nw_u32* spikes, nw_u64* n_spikes, double dt, double step,\n"
             "        nw_u64 begin, nw_u64 end) {\n";
        s += "    (void)arrays; (void)scalars; (void)until; (void)ref_steps; (void)spikes; (void)n_spikes;\n";
        s += "    return euler_loop(" + join(args, ", ") + ");\n}\n";
        return s;
    }

    const PopulationProgram& pop_;
    std::vector<std::string> temp_local_;           // temp register → the local holding its value
    std::set<std::uint32_t> arrays_, scalars_, reciprocals_;
    std::set<std::uint32_t> written_;               // arrays stored at the end of the iteration
    std::set<std::uint32_t> loaded_;                // arrays read from memory
    std::set<std::uint32_t> uniform_;               // arrays holding one value for all units, never written
    std::set<std::uint32_t> uniform_read_;          // those the body reads
    std::map<std::uint32_t, std::string> current_;  // array → the local with its current value
    std::string body_, prologue_;
    bool per_unit_refractory_ = false;
    int next_local_ = 0;
};

}  // namespace

KernelSource generate_euler_kernel(const PopulationProgram& pop, const std::vector<std::uint32_t>& uniform_arrays) {
    if (pop.function != node_function::none) return {{}, "a function node"};
    try {
        return {Generator(pop, uniform_arrays).generate(), {}};
    } catch (const unsupported& u) {
        return {{}, u.why};
    }
}

}  // namespace neurowire::sim
