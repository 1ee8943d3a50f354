#pragma once
// Which of our model templates a simulator has a standard cell model for, and how the
// parameters, initial values and synaptic weights translate (names and units). docs/export.md
// lists the table; `neurowire export` refuses a population whose model is not here.
#include <optional>
#include <string>
#include <vector>

#include "build/templates.hpp"

namespace neurowire::app {

enum class export_target { nest, pynn };

// "nest" | "pynn"; config_error (key "--target") otherwise.
export_target export_target_from_name(const std::string& name);
const char* export_target_name(export_target t);   // "NEST", "PyNN"

// One value of the target's model: theirs = ours × scale, where `ours` names a parameter or state
// of our template ("I_ext" the summed constant input, "" the leak conductance itself) and scale is
// factor × g_L^gl_power (g_L in nS, the export's conductance scale).
struct MappedValue {
    std::string theirs;
    std::string unit;
    std::string ours;
    int gl_power = 0;
    double factor = 1.0;
    bool initial = false;     // an initial value of a state variable (ours names a state)
};

// How a spike onto one of our state variables reaches the target model.
struct MappedReceptor {
    std::string state;          // ours: g_e or g_i
    std::string receptor_type;  // PyNN: excitatory / inhibitory; NEST: empty (the weight's sign decides)
    double sign = 1.0;          // NEST's iaf_cond_exp takes inhibitory weights as negative
    double factor = 1.0;        // weight = w × g_L × factor (nS for NEST, µS for PyNN)
    std::string unit;
};

struct CellModel {
    std::string ours;           // the template it stands for, e.g. "spiking_neurons.lif_coba.lif"
    std::string model_template; // "nest:iaf_cond_exp", "pynn:IF_cond_exp"
    std::string synapse_template;   // edge types model_template: "static_synapse", "pynn:StaticSynapse"
    std::vector<MappedValue> values;
    std::vector<MappedReceptor> receptors;
    std::string bias_input;     // our input variable a constant input may drive ("I_ext")

    const MappedReceptor* receptor(const std::string& state) const;
};

// The target's counterpart of `model`, recognised by its equations, spike rule, states,
// parameters and inputs (not by its name: a copy of the template in a user's file is the same
// model, an edited one is not); nullopt when there is none.
std::optional<CellModel> find_cell_model(const build::ModelTemplate& model, export_target target);

// For messages: the models `target` can take, e.g. "the conductance-based LIF
// (templates/spiking_neurons/lif_coba.yaml) as iaf_cond_exp".
std::string supported_models(export_target target);

}  // namespace neurowire::app
