// A network's time unit: declared, or agreed on by its templates (docs/network-spec.md "Time unit").
#include "build/network.hpp"

#include "core/error.hpp"

namespace neurowire::build {

const char* time_unit_name(time_unit u) {
    switch (u) {
        case time_unit::ms: return "ms";
        case time_unit::s: return "s";
        default: return "none";
    }
}

std::optional<time_unit> time_unit_from_name(const std::string& name) {
    if (name == "ms") return time_unit::ms;
    if (name == "s") return time_unit::s;
    if (name == "none") return time_unit::none;
    return std::nullopt;
}

std::optional<double> seconds_per(time_unit u) {
    switch (u) {
        case time_unit::ms: return 1e-3;
        case time_unit::s: return 1.0;
        default: return std::nullopt;
    }
}

TimeUnitChoice Network::time_unit_used() const {
    if (settings.unit) return {*settings.unit, "declared by the network"};
    const Population* first = nullptr;
    for (const auto& p : populations_) {
        if (p.is_function() || p.model.time_unit.empty()) continue;
        if (!first) {
            first = &p;
            continue;
        }
        if (p.model.time_unit != first->model.time_unit)
            throw config_error("time_unit",
                               "a time_unit for the network (its templates disagree: " + first->model.name + " in " +
                                   first->model.time_unit + ", " + p.model.name + " in " + p.model.time_unit + ")",
                               "none");
    }
    if (!first) return {time_unit::ms, "default: no template declares one"};
    return {*time_unit_from_name(first->model.time_unit), "from template " + first->model.name};
}

}  // namespace neurowire::build
