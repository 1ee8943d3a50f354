#include "build/draw_rule.hpp"

#include "connect/rules.hpp"
#include "core/error.hpp"

namespace neurowire::build {

connect::Connectome draw_rule(const connect::Projection& rule, const Population& source, const Population& target,
                              seed_t seed, std::size_t projection_index, const std::string& key_path,
                              const connect::Options& options) {
    const spatial::Positions* sp = source.positions ? &*source.positions : nullptr;
    const spatial::Positions* tp = target.positions ? &*target.positions : nullptr;
    try {
        return connect::generate(sp, tp, source.size, target.size, rule, seed, projection_index, options);
    } catch (const config_error& e) {
        if (!e.file.empty()) throw;
        throw config_error(e.key_path.empty() ? key_path : key_path + "." + e.key_path, e.expected, e.found);
    }
}

}  // namespace neurowire::build
