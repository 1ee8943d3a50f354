// The test runner of the connect module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_connect
#include <boost/test/unit_test.hpp>
