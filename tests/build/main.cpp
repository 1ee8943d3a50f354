// The test runner of the build module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_build
#include <boost/test/unit_test.hpp>
