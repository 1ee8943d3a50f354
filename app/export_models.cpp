#include "app/export_models.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace neurowire::app {

namespace {

std::string squeeze(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t') out += c;
    return out;
}

std::vector<std::string> sorted_names(const std::vector<build::NamedValue>& values) {
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(v.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// templates/spiking_neurons/lif_coba.yaml: C dv/dt = -g_L (v - v_rest) + g_e (E_e - v) + g_i (E_i - v)
// + I, divided by g_L, with tau = C/g_L, conductances in units of g_L and I_ext = I/g_L in mV.
bool is_conductance_lif(const build::ModelTemplate& m) {
    const std::vector<std::string> equations = {"I_syn=g_e*(E_e-v)+g_i*(E_i-v)", "d/dtv=(-(v-v_rest)+I_ext+I_syn)/tau",
                                                "d/dtg_e=-g_e/tau_e", "d/dtg_i=-g_i/tau_i"};
    std::vector<std::string> have;
    for (const auto& e : m.equations) have.push_back(squeeze(e));
    if (sorted(have) != sorted(equations)) return false;
    if (sorted_names(m.state) != sorted({"v", "g_e", "g_i"})) return false;
    if (sorted_names(m.params) != sorted({"v_rest", "v_th", "v_reset", "tau", "tau_ref", "E_e", "E_i", "tau_e", "tau_i"}))
        return false;
    if (m.inputs != std::vector<std::string>{"I_ext"} || !m.spike) return false;
    const build::SpikeRule& s = *m.spike;
    const bool holds_v = s.hold.empty() || s.hold == std::vector<std::string>{"v"};
    return squeeze(s.when) == "v>=v_th" && s.reset.size() == 1 && s.reset[0].first == "v" &&
           squeeze(s.reset[0].second) == "v_reset" && s.add.empty() && squeeze(s.refractory) == "tau_ref" && holds_v;
}

CellModel nest_iaf_cond_exp() {
    CellModel m;
    m.ours = "spiking_neurons.lif_coba.lif";
    m.model_template = "nest:iaf_cond_exp";
    m.synapse_template = "static_synapse";
    m.bias_input = "I_ext";
    m.values = {
        {"V_th", "mV", "v_th"},          {"V_reset", "mV", "v_reset"},    {"E_L", "mV", "v_rest"},
        {"t_ref", "ms", "tau_ref"},      {"C_m", "pF", "tau", 1},         {"g_L", "nS", "", 1},
        {"E_ex", "mV", "E_e"},           {"E_in", "mV", "E_i"},           {"tau_syn_ex", "ms", "tau_e"},
        {"tau_syn_in", "ms", "tau_i"},   {"I_e", "pA", "I_ext", 1},
        {"V_m", "mV", "v", 0, 1.0, true}, {"g_ex", "nS", "g_e", 1, 1.0, true}, {"g_in", "nS", "g_i", 1, 1.0, true},
    };
    m.receptors = {{"g_e", "", 1.0, 1.0, "nS"}, {"g_i", "", -1.0, 1.0, "nS"}};
    return m;
}

CellModel pynn_if_cond_exp() {
    CellModel m;
    m.ours = "spiking_neurons.lif_coba.lif";
    m.model_template = "pynn:IF_cond_exp";
    m.synapse_template = "pynn:StaticSynapse";
    m.bias_input = "I_ext";
    m.values = {
        {"v_thresh", "mV", "v_th"},       {"v_reset", "mV", "v_reset"},     {"v_rest", "mV", "v_rest"},
        {"tau_refrac", "ms", "tau_ref"},  {"cm", "nF", "tau", 1, 1e-3},     {"tau_m", "ms", "tau"},
        {"e_rev_E", "mV", "E_e"},         {"e_rev_I", "mV", "E_i"},         {"tau_syn_E", "ms", "tau_e"},
        {"tau_syn_I", "ms", "tau_i"},     {"i_offset", "nA", "I_ext", 1, 1e-3},
        {"v", "mV", "v", 0, 1.0, true},   {"gsyn_exc", "uS", "g_e", 1, 1e-3, true},
        {"gsyn_inh", "uS", "g_i", 1, 1e-3, true},
    };
    m.receptors = {{"g_e", "excitatory", 1.0, 1e-3, "uS"}, {"g_i", "inhibitory", 1.0, 1e-3, "uS"}};
    return m;
}

}  // namespace

export_target export_target_from_name(const std::string& name) {
    if (name == "nest") return export_target::nest;
    if (name == "pynn") return export_target::pynn;
    throw config_error("--target", "nest or pynn", "'" + name + "'");
}

const char* export_target_name(export_target t) { return t == export_target::nest ? "NEST" : "PyNN"; }

const MappedReceptor* CellModel::receptor(const std::string& state) const {
    for (const auto& r : receptors)
        if (r.state == state) return &r;
    return nullptr;
}

std::optional<CellModel> find_cell_model(const build::ModelTemplate& model, export_target target) {
    if (is_conductance_lif(model)) return target == export_target::nest ? nest_iaf_cond_exp() : pynn_if_cond_exp();
    return std::nullopt;
}

std::string supported_models(export_target target) {
    return std::string("the conductance-based LIF of templates/spiking_neurons/lif_coba.yaml (as ") +
           (target == export_target::nest ? "iaf_cond_exp" : "IF_cond_exp") + ")";
}

}  // namespace neurowire::app
