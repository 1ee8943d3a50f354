// The test runner of the app module; test cases live in the other files of this folder.
#define BOOST_TEST_MODULE neurowire_app
#include <boost/test/unit_test.hpp>
