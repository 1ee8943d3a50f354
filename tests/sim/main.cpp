// The test runner of the sim module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_sim
#include <boost/test/unit_test.hpp>
