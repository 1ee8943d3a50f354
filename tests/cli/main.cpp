// The test runner of the CLI's library code; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_cli
#include <boost/test/unit_test.hpp>
