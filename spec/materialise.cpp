#include "spec/materialise.hpp"

#include <string>

#include "connect/rules.hpp"
#include "spatial/generators.hpp"

namespace neurowire::spec {

namespace {

spatial::Extent extent_of(const PositionsSpec& p) {
    spatial::Extent e;
    e.low = arma::vec(p.low);
    e.high = arma::vec(p.high);
    e.periodic = p.periodic;
    return e;
}

// Re-raises a generator's or sampler's error at the spec element it came from.
[[noreturn]] void rethrow_at(const std::string& file, std::size_t line, const std::string& path, const config_error& e) {
    // Module errors name keys relative to what they were given ("kernel.sigma"): prefix our path.
    const std::string key = e.key_path.empty() ? path : path.empty() ? e.key_path : path + "." + e.key_path;
    throw config_error(file, line, 0, key, e.expected, e.found);
}

}  // namespace

std::optional<spatial::Positions> make_positions(const PopulationSpec& pop, seed_t seed, std::uint64_t stream,
                                                 const std::string& file, const std::string& key_path) {
    const PositionsSpec& p = pop.positions;
    try {
        switch (p.kind) {
        case positions_kind::none: return std::nullopt;
        case positions_kind::grid:
            return p.shape.empty() ? spatial::grid(pop.size, extent_of(p)) : spatial::grid(p.shape, extent_of(p));
        case positions_kind::uniform: return spatial::uniform_box(pop.size, extent_of(p), seed, stream);
        case positions_kind::gaussian:
            return spatial::gaussian(pop.size, arma::vec(p.mean), arma::vec(p.std), seed, stream);
        case positions_kind::ball: return spatial::uniform_ball(pop.size, arma::vec(p.center), p.radius, seed, stream);
        case positions_kind::file: return p.loaded;
        }
    } catch (const config_error& e) {
        rethrow_at(file, pop.line, key_path, e);
    }
    return std::nullopt;
}

std::optional<spatial::Positions> make_positions(const ConnectomeSpec& spec, std::size_t population, seed_t seed) {
    const PopulationSpec& pop = spec.populations.at(population);
    return make_positions(pop, seed, population, spec.file, "populations." + pop.name + ".positions");
}

PositionsList make_all_positions(const ConnectomeSpec& spec, seed_t seed) {
    PositionsList all;
    all.reserve(spec.populations.size());
    for (std::size_t i = 0; i < spec.populations.size(); ++i) all.push_back(make_positions(spec, i, seed));
    return all;
}

connect::Connectome make_connectome(const ConnectomeSpec& spec, std::size_t projection, const PositionsList& positions,
                                    seed_t seed, const connect::Options& options) {
    const ProjectionSpec& p = spec.projections.at(projection);
    const auto& source = positions.at(p.source_index);
    const auto& target = positions.at(p.target_index);
    try {
        return connect::generate(source ? &*source : nullptr, target ? &*target : nullptr,
                                 spec.populations[p.source_index].size, spec.populations[p.target_index].size,
                                 p.projection, seed, projection, options);
    } catch (const config_error& e) {
        rethrow_at(spec.file, p.line, "projections[" + std::to_string(projection) + "]", e);
    }
}

connect::SourceBlocks make_source_blocks(const ConnectomeSpec& spec, std::size_t projection, const PositionsList& positions,
                                         seed_t seed, const connect::Options& options) {
    const ProjectionSpec& p = spec.projections.at(projection);
    const auto& source = positions.at(p.source_index);
    const auto& target = positions.at(p.target_index);
    try {
        return connect::SourceBlocks(source ? &*source : nullptr, target ? &*target : nullptr,
                                     spec.populations[p.source_index].size, spec.populations[p.target_index].size,
                                     p.projection, seed, projection, options);
    } catch (const config_error& e) {
        rethrow_at(spec.file, p.line, "projections[" + std::to_string(projection) + "]", e);
    }
}

}  // namespace neurowire::spec
