// The test runner of the spatial module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_spatial
#include <boost/test/unit_test.hpp>
