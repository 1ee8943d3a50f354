#include "build/templates.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <type_traits>

namespace neurowire::build {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool contains_name(const std::vector<NamedValue>& names, std::string_view n) {
    return std::any_of(names.begin(), names.end(), [&](const NamedValue& x) { return x.name == n; });
}

bool contains_name(const std::vector<std::string>& names, std::string_view n) {
    return std::any_of(names.begin(), names.end(), [&](const std::string& x) { return x == n; });
}

bool ModelTemplate::has_state(std::string_view n) const { return contains_name(state, n); }
bool ModelTemplate::has_param(std::string_view n) const { return contains_name(params, n); }
bool ModelTemplate::has_input(std::string_view n) const { return contains_name(inputs, n); }
bool ModelTemplate::has_assigned(std::string_view n) const { return contains_name(assigned(), n); }

std::vector<std::string> ModelTemplate::assigned() const {
    std::vector<std::string> out;
    for (const auto& eq : equations) {
        bool ode = false;
        std::string t = equation_target(eq, &ode);
        if (!ode && !t.empty()) out.push_back(std::move(t));
    }
    return out;
}

double ModelTemplate::param(std::string_view n) const {
    for (const auto& v : params) if (v.name == n) return v.value;
    throw std::logic_error("template " + name + " has no parameter " + std::string(n));
}

double ModelTemplate::initial(std::string_view n) const {
    for (const auto& v : state) if (v.name == n) return v.value;
    throw std::logic_error("template " + name + " has no state variable " + std::string(n));
}

std::string equation_target(std::string_view eq, bool* is_ode) {
    const auto eqpos = eq.find('=');
    if (eqpos == std::string_view::npos) return {};
    // "==", "<=", ">=", "!=" are comparisons, not the assignment.
    if (eqpos + 1 < eq.size() && eq[eqpos + 1] == '=') return {};
    if (eqpos > 0 && (eq[eqpos - 1] == '<' || eq[eqpos - 1] == '>' || eq[eqpos - 1] == '!')) return {};
    std::string_view lhs = trim(eq.substr(0, eqpos));
    bool ode = false;
    if (lhs.substr(0, 4) == "d/dt") {
        ode = true;
        lhs = trim(lhs.substr(4));
    }
    if (!is_identifier(lhs) || trim(eq.substr(eqpos + 1)).empty()) return {};
    if (is_ode) *is_ode = ode;
    return std::string(lhs);
}

}  // namespace neurowire::build
