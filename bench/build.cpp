// Placeholder until the issue that owns this benchmark lands; its owner replaces this file.
#include <cstdio>

#include "bench/bench.hpp"

namespace neurowire::bench {

int build_main(const Options&) {
    std::fprintf(stderr, "bench build: not built yet\n");
    return 1;
}

}  // namespace neurowire::bench
