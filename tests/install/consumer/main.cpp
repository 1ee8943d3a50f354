// Uses the installed library as a user would: a connectome drawn by rule, a template from the
// installed library, a network compiled and run. Prints what the check script verifies.
#include <cstdio>

#include <neurowire/build/network.hpp>
#include <neurowire/build/template_paths.hpp>
#include <neurowire/connect/rules.hpp>
#include <neurowire/sim/runner.hpp>
#include <neurowire/spatial/generators.hpp>
#include <neurowire/spec/template_file.hpp>

int main() {
    using namespace neurowire;
    const arma::vec mean(2, arma::fill::zeros), std(2, arma::fill::ones);
    const auto pre = spatial::gaussian(120, mean, std, 1, 0);
    const auto post = spatial::gaussian(400, mean, std, 1, 1);
    connect::Projection p;
    p.rule.kind = connect::rule_kind::fixed_outdegree;
    p.rule.k = 10;
    p.rule.multapses = true;
    p.kernel = {connect::kernel_kind::gaussian, 1.0, 0.0, 0.0};
    const auto c = connect::generate(&pre, &post, 120, 400, p, 1, 0);
    std::printf("synapses %llu\n", static_cast<unsigned long long>(c.size()));

    std::printf("first template directory %s\n", build::template_directories().front().c_str());
    build::Network net(3);
    net.add(build::Population("e", spec::load_template("neural_mass_models.wilsoncowan.exc_pop"), 4));
    net.settings.dt = 1e-3;
    net.settings.duration = 0.01;
    net.record(build::Recording{"e/r", {}, 1, false});
    const sim::Recording rec = sim::run(std::move(net).compile(), {1, {}});
    std::printf("steps %llu\n", static_cast<unsigned long long>(rec.steps_done));
    return 0;
}
