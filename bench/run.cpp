// Placeholder until the issue that owns this benchmark lands; its owner replaces this file.
#include <cstdio>

#include "bench/bench.hpp"

namespace neurowire::bench {

int run_main(const Options&) {
    std::fprintf(stderr, "bench run: not built yet\n");
    return 1;
}

}  // namespace neurowire::bench
