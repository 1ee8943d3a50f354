// The test runner of the spec module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_spec
#include <boost/test/unit_test.hpp>
