// The same seed gives the byte-identical connectome for 1 and 2 threads and any block size.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace nwtest;
using connect::kernel_kind;
using connect::rule_kind;
using connect::value_kind;

namespace {

void check_identical(const connect::Projection& proj, const spatial::Positions& s, const spatial::Positions& t,
                     connect::sampler_kind sampler) {
    connect::Options a, b, c;
    a.threads = 1;
    a.block_size = 1024;
    b.threads = 2;
    b.block_size = 7;
    c.threads = 2;
    c.block_size = 1024;
    for (auto* o : {&a, &b, &c}) {
        o->sampler = sampler;
        o->near_radius = 0.15;   // a far field with real mass, and short near-set searches
    }
    const auto x = connect::generate(&s, &t, s.size(), t.size(), proj, 77, 3, a);
    const auto y = connect::generate(&s, &t, s.size(), t.size(), proj, 77, 3, b);
    const auto z = connect::generate(&s, &t, s.size(), t.size(), proj, 77, 3, c);
    BOOST_TEST_INFO("rule " << int(proj.rule.kind) << " sampler " << int(sampler));
    BOOST_TEST(x.size() > 0u);
    BOOST_TEST(identical(x, y));
    BOOST_TEST(identical(x, z));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(thread_count_and_block_size_do_not_matter) {
    const auto s = unit_box(1500, 2, 5), t = unit_box(1200, 2, 6);
    connect::Projection proj;
    proj.kernel = {kernel_kind::gaussian, 0.1, 0.0, 0.0};
    proj.weight.kind = value_kind::normal;
    proj.weight.mean = 1.0;
    proj.weight.std = 0.2;
    proj.delay.kind = value_kind::distance;
    proj.delay.velocity = 2.0;
    proj.delay.offset = 0.5;
    for (auto rule : {rule_kind::fixed_outdegree, rule_kind::fixed_indegree, rule_kind::pairwise_bernoulli,
                      rule_kind::fixed_total_number})
        for (bool multapses : {true, false})
            for (auto sampler : {connect::sampler_kind::near_far, connect::sampler_kind::buckets}) {
                if (rule == rule_kind::fixed_total_number && !multapses) continue;
                proj.rule.kind = rule;
                proj.rule.k = 20;
                proj.rule.n = 15000;
                proj.rule.p = 0.5;
                proj.rule.multapses = multapses;
                check_identical(proj, s, t, sampler);
            }
    proj.kernel = {};
    proj.mask.kind = connect::mask_kind::annulus;
    proj.mask.inner = 0.02;
    proj.mask.outer = 0.1;
    proj.rule.kind = rule_kind::all_to_all;
    check_identical(proj, s, t, connect::sampler_kind::automatic);
}

BOOST_AUTO_TEST_SUITE_END()
