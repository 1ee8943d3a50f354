#pragma once
// Hot loops marked NEUROWIRE_VECTOR_CLONES are compiled three times, for AVX-512, AVX2 and the
// baseline, and the loader picks one per machine (GCC/Clang function multi-versioning):
// installed binaries stay portable. Modules that use it compile with -ffp-contract=off, so no
// a·b + c becomes an FMA and every clone rounds the same: results do not depend on the pick.
// Clang refuses a function that becomes multi-versioned after a call to it was compiled, as
// several of these are; its builds (the fuzzers, docs/robustness.md) do without the clones.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NEUROWIRE_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NEUROWIRE_VECTOR_CLONES
#endif
