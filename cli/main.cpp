// The neurowire executable (stub until the CLI issue lands).
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("neurowire %s\n", NEUROWIRE_VERSION);
        return 0;
    }
    std::printf("usage: neurowire <connect|run|inspect|demo|bench> ... (--help on each)\n");
    return argc > 1 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
}
