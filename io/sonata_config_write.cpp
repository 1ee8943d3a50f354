// The JSON of circuit_config.json and simulation_config.json. Readers resolve the manifest each
// their own way: NEST turns "$BASE_DIR" inside a manifest value into the config's folder, BMTK
// knows ${configdir} but takes "." relative to the working directory, libsonata takes "."
// relative to the config and nothing else. So paths in simulation_config.json go through
// $NETWORK_DIR = "$BASE_DIR" (NEST: the folder; BMTK: ${configdir}), and circuit_config.json uses
// "$BASE_DIR": "." (NEST, libsonata).
#include "io/sonata_config_write.hpp"

#include <algorithm>

#include "io/sonata_json.hpp"
#include "io/text_util.hpp"

namespace neurowire::io::detail {

namespace {

using json::quote;

std::string number(double v) {
    std::string out;
    text::append_number(out, v);
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return out;
}

std::string populations_block(const std::vector<std::pair<std::string, std::string>>& name_type, const std::string& indent) {
    std::string out = indent + "\"populations\": {";
    for (std::size_t k = 0; k < name_type.size(); ++k)
        out += std::string(k ? "," : "") + "\n" + indent + "  " + quote(name_type[k].first) + ": {\"type\": " +
               quote(name_type[k].second) + "}";
    return out + (name_type.empty() ? "}" : "\n" + indent + "}");
}

std::string nodes_entry(const std::vector<SonataPopulation>& populations, const std::string& dir, bool virtual_nodes) {
    std::vector<std::pair<std::string, std::string>> nodes;
    for (const auto& p : populations)
        if ((p.model_type == "virtual") == virtual_nodes) nodes.emplace_back(p.name, libsonata_node_type(p.model_type));
    const std::string prefix = virtual_nodes ? "virtual_" : "";
    return "      {\n"
           "        \"nodes_file\": " + quote(dir + "/" + prefix + "nodes.h5") + ",\n"
           "        \"node_types_file\": " + quote(dir + "/" + prefix + "node_types.csv") + ",\n" +
           populations_block(nodes, "        ") + "\n"
           "      }";
}

std::string networks(const std::vector<SonataPopulation>& populations, const std::vector<SonataProjection>& projections,
                     const std::string& dir) {
    std::vector<std::pair<std::string, std::string>> edges;
    for (const auto& p : projections) edges.emplace_back(p.name, "chemical");
    const bool any_virtual = std::any_of(populations.begin(), populations.end(),
                                         [](const SonataPopulation& p) { return p.model_type == "virtual"; });
    return "  \"networks\": {\n"
           "    \"nodes\": [\n" +
           nodes_entry(populations, dir, false) + (any_virtual ? ",\n" + nodes_entry(populations, dir, true) : "") + "\n"
           "    ],\n"
           "    \"edges\": [\n"
           "      {\n"
           "        \"edges_file\": " + quote(dir + "/edges.h5") + ",\n"
           "        \"edge_types_file\": " + quote(dir + "/edge_types.csv") + ",\n" +
           populations_block(edges, "        ") + "\n"
           "      }\n"
           "    ]\n"
           "  }\n";
}

std::string inputs(const std::vector<SonataSpikeInput>& list) {
    if (list.empty()) return "";
    std::string out = "  \"inputs\": {";
    for (std::size_t k = 0; k < list.size(); ++k)
        out += std::string(k ? "," : "") + "\n    " + quote(list[k].name) +
               ": {\"input_type\": \"spikes\", \"module\": \"h5\", \"input_file\": " + quote("$NETWORK_DIR/" + list[k].file) +
               ", \"node_set\": " + quote(list[k].population) + "}";
    return out + "\n  },\n";
}

std::string components(const std::string& dir) {
    return "  \"components\": {\n"
           "    \"point_neuron_models_dir\": " + quote(dir + "/point_neuron_models") + ",\n"
           "    \"synaptic_models_dir\": " + quote(dir + "/synaptic_models") + "\n"
           "  },\n";
}

}  // namespace

std::string libsonata_node_type(const std::string& model_type) {
    return model_type == "virtual" ? "virtual" : "point_neuron";
}

std::string circuit_config_json(const std::vector<SonataPopulation>& populations,
                                const std::vector<SonataProjection>& projections, const std::string& target_simulator) {
    return "{\n"
           "  \"manifest\": {\n"
           "    \"$BASE_DIR\": \".\"\n"
           "  },\n" +
           (target_simulator.empty() ? std::string() : "  \"target_simulator\": " + quote(target_simulator) + ",\n") +
           components("$BASE_DIR/components") + networks(populations, projections, "$BASE_DIR") + "}\n";
}

std::string node_sets_json(const std::vector<SonataPopulation>& populations) {
    std::string out = "{";
    for (std::size_t k = 0; k < populations.size(); ++k)
        out += std::string(k ? "," : "") + "\n  " + quote(populations[k].name) + ": {\"population\": " +
               quote(populations[k].name) + "}";
    return out + (populations.empty() ? "}\n" : "\n}\n");
}

std::string simulation_config_json(const std::vector<SonataPopulation>& populations,
                                   const std::vector<SonataProjection>& projections, const SonataRunSettings& run,
                                   double dt_ms, const SonataWriteOptions& options) {
    return "{\n"
           "  \"manifest\": {\n"
           "    \"$BASE_DIR\": " + std::string(options.pynn_plan ? "\".\"" : "\"${configdir}\"") + ",\n"
           "    \"$NETWORK_DIR\": \"$BASE_DIR\",\n"
           "    \"$COMPONENTS_DIR\": \"$BASE_DIR/components\",\n"
           "    \"$OUTPUT_DIR\": \"$BASE_DIR/output\"\n"
           "  },\n"
           "  \"target_simulator\": " + quote(run.target_simulator) + ",\n"
           "  \"run\": {\n"
           "    \"tstop\": " + number(run.tstop_ms) + ",\n"
           "    \"dt\": " + number(dt_ms) + ",\n"
           "    \"random_seed\": " + std::to_string(run.random_seed) + "\n"
           "  },\n"
           "  \"output\": {\n"
           "    \"output_dir\": \"$OUTPUT_DIR\",\n"
           "    \"log_file\": \"log.txt\",\n"
           "    \"spikes_file\": \"spikes.h5\"" +
           (options.pynn_plan ? ",\n    \"spikes_sort_order\": \"time\"\n" : "\n") +
           "  },\n" + inputs(options.inputs) +
           (options.pynn_plan ? "  \"node_sets_file\": \"$NETWORK_DIR/node_sets.json\",\n" : "") +
           components("$COMPONENTS_DIR") + networks(populations, projections, "$NETWORK_DIR") + "}\n";
}

}  // namespace neurowire::io::detail
