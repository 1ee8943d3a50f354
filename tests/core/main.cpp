// The test runner of the core module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_core
#include <boost/test/unit_test.hpp>
