// The test runner of the io module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_io
#include <boost/test/unit_test.hpp>
