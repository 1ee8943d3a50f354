#include "app/connect.hpp"

#include <algorithm>
#include <optional>

#include "spec/materialise.hpp"
#include "app/connect_streamed.hpp"
#include "core/platform/memory_budget.hpp"
#include "core/platform/staged_output.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "spec/connectome_spec.hpp"
#include "io/connectome_files.hpp"
#include "io/connectome_manifest.hpp"
#include "io/positions_file.hpp"
#include "io/sonata.hpp"
#include "app/run.hpp"
#include "spec/network_spec.hpp"

namespace neurowire::app {

using namespace spec;   // the spec structs this command reads

namespace fs = std::filesystem;

const std::vector<std::string>& connectome_format_names() {
    static const std::vector<std::string> names = {"npz", "sonata", "csv", "mtx", "pynn"};
    return names;
}

connectome_format connectome_format_from_name(const std::string& name) {
    const auto& names = connectome_format_names();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw config_error("--format", "one of " + join_choices(names), "'" + name + "'");
    return static_cast<connectome_format>(it - names.begin());
}

namespace {

bool wants(const ConnectSettings& s, connectome_format f) {
    return std::find(s.formats.begin(), s.formats.end(), f) != s.formats.end();
}

bool wants(const std::vector<connectome_format>& formats, connectome_format f) {
    return std::find(formats.begin(), formats.end(), f) != formats.end();
}

void write_per_projection(const fs::path& staging, const std::vector<connectome_format>& formats,
                          const std::string& name, const connect::Connectome& c) {
    if (wants(formats, connectome_format::npz)) io::write_npz(staging, name, c);
    if (wants(formats, connectome_format::csv)) io::write_csv(staging, name, c);
    if (wants(formats, connectome_format::mtx)) io::write_mtx(staging, name, c);
    if (wants(formats, connectome_format::pynn)) io::write_pynn(staging, name, c);
}

// DIR/sonata/ over every population and projection.
void write_sonata_folder(const fs::path& staging, const std::vector<SavedPopulation>& populations,
                         const std::vector<SavedProjection>& projections) {
    std::vector<io::SonataPopulation> pops;
    for (const auto& p : populations) {
        io::SonataPopulation sp;
        sp.name = p.name;
        sp.size = p.size;
        sp.positions = p.positions;
        pops.push_back(std::move(sp));
    }
    std::vector<io::SonataProjection> edges;
    for (const auto& p : projections) edges.push_back(io::SonataProjection{p.name, p.source, p.target, *p.connectome});
    io::write_sonata(staging, pops, edges);
}

// What the files cannot say themselves: population sizes (CSV, PyNN text) and boxes (periodic axes).
io::ConnectomeManifest manifest_of(const ConnectomeSpec& spec, const PositionsList& positions) {
    io::ConnectomeManifest m;
    for (std::size_t i = 0; i < spec.populations.size(); ++i) {
        io::ManifestPopulation p;
        p.name = spec.populations[i].name;
        p.size = spec.populations[i].size;
        if (positions[i]) {
            const spatial::Extent& e = positions[i]->extent;
            p.positions_file = p.name + ".positions.npy";
            for (std::size_t a = 0; a < positions[i]->dims(); ++a) {
                p.low.push_back(a < e.dims() ? e.low(a) : 0.0);
                p.high.push_back(a < e.dims() ? e.high(a) : 0.0);
                p.periodic.push_back(e.is_periodic(a));
            }
        }
        m.populations.push_back(std::move(p));
    }
    for (const auto& proj : spec.projections) {
        io::ManifestProjection p;
        p.name = proj.name;
        p.source = proj.source;
        p.target = proj.target;
        p.n_source = spec.populations[*spec.find_population(proj.source)].size;
        p.n_target = spec.populations[*spec.find_population(proj.target)].size;
        m.projections.push_back(std::move(p));
    }
    return m;
}

// A table that does not fit the budget is streamed (app/connect_streamed.hpp) when the rule
// allows it and every chosen format can take it in blocks (npz); otherwise refused up front.
bool must_stream(const ConnectomeSpec& spec, std::size_t j, const ConnectSettings& s) {
    const ProjectionSpec& p = spec.projections[j];
    if (!connect::SourceBlocks::supports(p.projection)) return false;
    const index_t ns = spec.populations[p.source_index].size, nt = spec.populations[p.target_index].size;
    const edge_t rows = connect::SourceBlocks::expected_rows(p.projection, ns);
    const double need = double(rows) * connect::SourceBlocks::bytes_per_row +
                        connect::SourceBlocks::working_bytes(ns, nt, s.options);
    const double budget = platform::memory_budget(s.options.memory_limit_bytes);
    if (need <= budget) return false;
    for (connectome_format f : s.formats)
        if (f != connectome_format::npz)
            throw memory_error("connectome " + p.name + " of " + std::to_string(rows) + " synapses (larger than the budget, only "
                               "--format npz is written in blocks; " + connectome_format_names()[std::size_t(f)] +
                               " needs the whole table)", need, budget);
    return true;
}

}  // namespace

ConnectResult write_connectome_outputs(const ConnectomeSpec& spec, const fs::path& dir, const ConnectSettings& s) {
    const platform::MemoryLimitScope budget(s.options.memory_limit_bytes);
    platform::StagedOutput out(dir);
    ConnectResult result;
    const PositionsList positions = make_all_positions(spec, s.seed);
    for (std::size_t i = 0; i < spec.populations.size(); ++i)
        if (positions[i]) io::write_positions(out.staging(), spec.populations[i].name, *positions[i]);

    // SONATA puts every projection into one edges.h5, so its connectomes wait for the last one;
    // the other formats are written (to staging) as each projection is done and then dropped.
    const bool sonata = wants(s, connectome_format::sonata);
    std::vector<connect::Connectome> kept;
    io::ConnectomeManifest manifest = manifest_of(spec, positions);
    for (std::size_t j = 0; j < spec.projections.size(); ++j) {
        if (must_stream(spec, j, s)) {
            // The file is sized before its first block: refuse now, not after the draw, what the
            // disk cannot take.
            const fs::path file = out.staging() / (spec.projections[j].name + ".npz");
            const ProjectionSpec& p = spec.projections[j];
            const double bytes = double(connect::SourceBlocks::expected_rows(p.projection, spec.populations[p.source_index].size)) *
                                 connect::SourceBlocks::bytes_per_row;
            std::error_code ec;
            const fs::space_info disk = fs::space(out.staging(), ec);
            if (!ec && bytes > double(disk.available))
                throw file_error(file.string(), "", "the streamed connectome " + p.name + " needs " + platform::bytes_text(bytes) +
                                                        " on disk but only " + platform::bytes_text(double(disk.available)) + " are free");
            const connect::SourceBlocks blocks = make_source_blocks(spec, j, positions, s.seed, s.options);
            const StreamedStats streamed = write_streamed_npz(blocks, file,
                                                              platform::memory_budget(s.options.memory_limit_bytes));
            result.synapses += streamed.synapses;
            manifest.projections[j].synapses = streamed.synapses;
            if (s.progress) s.progress(ConnectProgress{j + 1, spec.projections.size(), spec.projections[j].name, result.synapses});
            continue;
        }
        connect::Connectome c = make_connectome(spec, j, positions, s.seed, s.options);
        result.synapses += c.size();
        manifest.projections[j].synapses = c.size();
        write_per_projection(out.staging(), s.formats, spec.projections[j].name, c);
        if (sonata) kept.push_back(std::move(c));
        if (s.progress) s.progress(ConnectProgress{j + 1, spec.projections.size(), spec.projections[j].name, result.synapses});
    }
    if (sonata) {
        std::vector<SavedPopulation> pops;
        for (std::size_t i = 0; i < spec.populations.size(); ++i)
            pops.push_back({spec.populations[i].name, spec.populations[i].size, positions[i] ? &*positions[i] : nullptr});
        std::vector<SavedProjection> projections;
        for (std::size_t j = 0; j < spec.projections.size(); ++j)
            projections.push_back({spec.projections[j].name, spec.projections[j].source, spec.projections[j].target, &kept[j]});
        write_sonata_folder(out.staging(), pops, projections);
    }
    io::write_connectome_manifest(out.stage(io::connectome_manifest_name), manifest);
    result.projections = spec.projections.size();
    result.files = out.commit();
    return result;
}

std::vector<fs::path> write_connectomes(const fs::path& dir, const std::vector<SavedPopulation>& populations,
                                        const std::vector<SavedProjection>& projections,
                                        const std::vector<connectome_format>& formats) {
    platform::StagedOutput out(dir);
    for (const auto& p : populations)
        if (p.positions) io::write_positions(out.staging(), p.name, *p.positions);
    for (const auto& p : projections) write_per_projection(out.staging(), formats, p.name, *p.connectome);
    if (wants(formats, connectome_format::sonata)) write_sonata_folder(out.staging(), populations, projections);
    return out.commit();
}

namespace {

// A network spec's rule-drawn connectomes (what `run` writes beside its recording), the models
// loaded only to validate the spec; matrix projections (`weights:`) are not generated and stay out.
ConnectResult connect_network(const ConnectOptions& options, const std::vector<connectome_format>& formats) {
    connect::Options draw;
    draw.threads = options.threads;
    const build::Network net = load_network(options.spec, options.seed, draw);
    std::vector<SavedPopulation> pops;
    for (const auto& p : net.populations()) pops.push_back({p.name, p.size, p.positions ? &*p.positions : nullptr});
    std::vector<connect::Connectome> connectomes;
    std::vector<const build::ResolvedProjection*> chosen;
    for (const std::size_t i : rule_projections(net)) {
        const build::ResolvedProjection& p = net.resolved_projections()[i];
        if (p.dense) continue;
        connectomes.push_back(projection_connectome(p));
        chosen.push_back(&p);
    }
    ConnectResult result;
    std::vector<SavedProjection> projections;
    io::ConnectomeManifest manifest;
    for (const auto& p : net.populations()) {
        io::ManifestPopulation m;
        m.name = p.name;
        m.size = p.size;
        if (p.positions) {
            const spatial::Extent& e = p.positions->extent;
            m.positions_file = p.name + ".positions.npy";
            for (std::size_t a = 0; a < p.positions->dims(); ++a) {
                m.low.push_back(a < e.dims() ? e.low(a) : 0.0);
                m.high.push_back(a < e.dims() ? e.high(a) : 0.0);
                m.periodic.push_back(e.is_periodic(a));
            }
        }
        manifest.populations.push_back(std::move(m));
    }
    for (std::size_t k = 0; k < chosen.size(); ++k) {
        const build::ResolvedProjection& p = *chosen[k];
        const std::string& source = net.populations()[p.source_pop].name;
        const std::string& target = net.populations()[p.target_pop].name;
        projections.push_back({p.name, source, target, &connectomes[k]});
        io::ManifestProjection m;
        m.name = p.name;
        m.source = source;
        m.target = target;
        m.n_source = net.populations()[p.source_pop].size;
        m.n_target = net.populations()[p.target_pop].size;
        m.synapses = connectomes[k].size();
        manifest.projections.push_back(std::move(m));
        result.synapses += connectomes[k].size();
        if (options.progress) options.progress(ConnectProgress{k + 1, chosen.size(), p.name, result.synapses});
    }
    platform::StagedOutput out(options.out);
    for (const auto& p : pops)
        if (p.positions) io::write_positions(out.staging(), p.name, *p.positions);
    for (const auto& p : projections) write_per_projection(out.staging(), formats, p.name, *p.connectome);
    if (wants(formats, connectome_format::sonata)) write_sonata_folder(out.staging(), pops, projections);
    io::write_connectome_manifest(out.stage(io::connectome_manifest_name), manifest);
    result.projections = projections.size();
    result.files = out.commit();
    return result;
}

}  // namespace

ConnectResult connect_spec(const ConnectOptions& options) {
    if (is_network_spec_file(options.spec)) {
        std::vector<connectome_format> formats;
        for (connectome_format f : options.formats)
            if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
        return connect_network(options, formats);
    }
    const ConnectomeSpec spec = parse_connectome_spec(options.spec);
    ConnectSettings settings;
    settings.seed = options.seed.value_or(spec.seed);
    settings.formats.clear();
    for (connectome_format f : options.formats)
        if (std::find(settings.formats.begin(), settings.formats.end(), f) == settings.formats.end())
            settings.formats.push_back(f);
    settings.options.threads = options.threads;
    settings.options.memory_limit_bytes = options.memory_limit_bytes;
    settings.progress = options.progress;
    return write_connectome_outputs(spec, options.out, settings);
}

}  // namespace neurowire::app
