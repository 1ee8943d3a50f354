// The keys the parsers accept (spec/schema) are the keys the user documentation lists: the
// "Key reference" tables of docs/SPEC.md (connectome spec) and docs/network-spec.md (network
// spec, templates). A key added to the code without docs, or documented but refused, fails here.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "spec/schema.hpp"

namespace {

using KeyTable = std::map<std::string, std::set<std::string>>;

// Rows "| `section` | `key`, `key`, … |" after a "## Key reference" heading.
KeyTable documented(const std::string& file) {
    std::ifstream in(std::string(NEUROWIRE_SOURCE_DIR) + "/" + file);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << file);
    KeyTable table;
    bool in_reference = false;
    const std::regex row(R"(^\|\s*`([a-z_.]+)`\s*\|(.*)\|\s*$)");
    const std::regex key("`([a-z_0-9]+)`");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("## ", 0) == 0) in_reference = line.find("Key reference") != std::string::npos;
        std::smatch m;
        if (!in_reference || !std::regex_match(line, m, row)) continue;
        auto& keys = table[m[1].str()];
        const std::string cells = m[2].str();
        for (std::sregex_iterator it(cells.begin(), cells.end(), key), end; it != end; ++it) keys.insert((*it)[1].str());
    }
    return table;
}

}  // namespace

BOOST_AUTO_TEST_CASE(documented_keys_equal_accepted_keys) {
    KeyTable docs = documented("docs/SPEC.md");
    for (const auto& [section, keys] : documented("docs/network-spec.md")) {
        BOOST_TEST(!docs.count(section), "section " << section << " documented twice");
        docs[section] = keys;
    }
    std::set<std::string> code_sections;
    for (const auto& s : neurowire::spec::schema::sections()) {
        code_sections.insert(s.name);
        const std::set<std::string> accepted(s.keys.begin(), s.keys.end());
        BOOST_TEST_CONTEXT("section " << s.name) {
            BOOST_REQUIRE_MESSAGE(docs.count(s.name), "section " << s.name << " is not in the key reference");
            for (const auto& k : accepted) BOOST_TEST(docs[s.name].count(k), "key " << k << " accepted but not documented");
            for (const auto& k : docs[s.name]) BOOST_TEST(accepted.count(k), "key " << k << " documented but refused");
        }
    }
    for (const auto& [section, keys] : docs)
        BOOST_TEST(code_sections.count(section), "documented section " << section << " is not in the schema");
}

BOOST_AUTO_TEST_CASE(choices_are_the_kinds_of_the_sections) {
    namespace schema = neurowire::spec::schema;
    const auto& rules = schema::choices("rule");
    BOOST_TEST(rules.size() == 6u);
    for (const auto& r : rules) BOOST_TEST(!schema::keys("rule." + r).empty());
    BOOST_CHECK_THROW(schema::keys("rule.nonsense"), std::logic_error);
}
