#pragma once
// The vectorised interpreter: runs an instruction list over one chunk of units.
//
// Each instruction is one loop over the chunk, specialised for scalar (broadcast) versus per-unit
// operands, so the compiler can vectorise it; the whole list runs over one chunk before the next
// chunk starts, which keeps temporaries in L1.
#include <cstdint>
#include <vector>

#include "core/vector_clones.hpp"
#include "sim/program.hpp"

// The hot loops are compiled for AVX-512, AVX2 and the baseline (core/vector_clones.hpp). They
// are bound by loads and stores through L1, so eight lanes instead of four nearly halve a
// chunk's cost where AVX-512 exists.

namespace neurowire::sim {

// Where the operands of one population live while a chunk is evaluated.
struct Frame {
    double* const* arrays = nullptr;   // per-unit arrays of the value table
    const double* scalars = nullptr;
    double* temps = nullptr;           // n_temps × chunk_size registers
    std::uint32_t begin = 0;           // first unit of the chunk
    std::uint32_t count = 0;           // units in the chunk (<= chunk_size)

    double* pointer(const Operand& o) const {
        switch (o.kind) {
            case operand_kind::array: return arrays[o.index] + begin;
            case operand_kind::temp: return temps + static_cast<std::size_t>(o.index) * chunk_size;
            default: return const_cast<double*>(scalars + o.index);
        }
    }
    bool is_scalar(const Operand& o) const { return o.kind == operand_kind::scalar; }
};

void run_chunk(const std::vector<Instruction>& code, const Frame& frame);

// Scalar code writes and reads scalar slots only; it runs once before the first step.
void run_scalar_code(const std::vector<Instruction>& code, std::vector<double>& scalars);

}  // namespace neurowire::sim
