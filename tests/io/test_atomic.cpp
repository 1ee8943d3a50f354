// Atomic writes: a finished file appears whole, a failed one leaves nothing behind.
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <stdexcept>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/connectome_files.hpp"
#include "io/npy.hpp"
#include "io/sonata.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

BOOST_AUTO_TEST_SUITE(atomic_file)

BOOST_AUTO_TEST_CASE(success_leaves_only_the_target) {
    TempDir dir;
    io::write_stream_atomically(dir / "a.txt", [](std::ostream& out) { out << "hello\n"; });
    BOOST_TEST(test::read_text(dir / "a.txt") == "hello\n");
    BOOST_TEST(dir.entries() == std::vector<std::string>{"a.txt"});
}

BOOST_AUTO_TEST_CASE(a_throwing_writer_leaves_nothing) {
    TempDir dir;
    BOOST_CHECK_THROW(io::write_stream_atomically(dir / "a.txt", [](std::ostream& out) {
                          out << "half";
                          throw std::runtime_error("disk full");
                      }),
                      std::runtime_error);
    BOOST_TEST(dir.entries().empty());
}

BOOST_AUTO_TEST_CASE(a_failed_write_keeps_the_previous_file) {
    TempDir dir;
    test::write_text(dir / "a.txt", "old");
    BOOST_CHECK_THROW(io::write_stream_atomically(dir / "a.txt", [](std::ostream&) { throw std::runtime_error("x"); }),
                      std::runtime_error);
    BOOST_TEST(test::read_text(dir / "a.txt") == "old");
    BOOST_TEST(dir.entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_rename_removes_the_temporary) {
    TempDir dir;
    std::filesystem::create_directories(dir / "taken" / "inside");   // rename() cannot replace a folder
    try {
        io::write_npy(dir / "taken", io::view(std::vector<double>{1, 2, 3}));
        BOOST_FAIL("expected a file_error");
    } catch (const file_error& e) {
        BOOST_TEST(e.file == (dir / "taken").string());
        BOOST_TEST(e.problem.find("rename") != std::string::npos);
    }
    BOOST_TEST(dir.entries() == std::vector<std::string>{"taken"});
}

BOOST_AUTO_TEST_CASE(writers_create_missing_folders) {
    TempDir dir;
    io::write_csv(dir / "a" / "b", "p", test::small_connectome());
    BOOST_TEST(std::filesystem::exists(dir / "a" / "b" / "p.csv"));
}

BOOST_AUTO_TEST_CASE(unwritten_file_set_leaves_nothing) {
    TempDir dir;
    {
        io::AtomicFileSet set;
        test::write_text(set.add(dir / "one"), "1");
        test::write_text(set.add(dir / "two"), "2");
        BOOST_TEST(dir.entries().size() == 2u);   // the temporaries
    }   // destroyed without commit, as when an exception passes
    BOOST_TEST(dir.entries().empty());
    io::AtomicFileSet set;
    test::write_text(set.add(dir / "one"), "1");
    set.commit();
    BOOST_TEST(dir.entries() == std::vector<std::string>{"one"});
}

BOOST_AUTO_TEST_CASE(directory_appears_whole_and_replaces_the_old_one) {
    TempDir dir;
    {
        io::AtomicDirectory folder(dir / "out");
        test::write_text(folder.staging() / "x", "new");
        BOOST_TEST(!std::filesystem::exists(dir / "out"));
    }
    BOOST_TEST(dir.entries().empty());
    std::filesystem::create_directories(dir / "out");
    test::write_text(dir / "out" / "stale", "old");
    io::AtomicDirectory folder(dir / "out");
    test::write_text(folder.staging() / "x", "new");
    folder.commit();
    BOOST_TEST(dir.entries() == std::vector<std::string>{"out"});
    BOOST_TEST(!std::filesystem::exists(dir / "out" / "stale"));
    BOOST_TEST(test::read_text(dir / "out" / "x") == "new");
}

BOOST_AUTO_TEST_CASE(a_failing_sonata_write_leaves_no_folder) {
    TempDir dir;
    const auto c = test::small_connectome();
    // HDF5 refuses a group path whose parent does not exist: a failure in the middle of nodes.h5.
    BOOST_CHECK_THROW(io::write_sonata(dir.path, {{"no/such", 4}, {"b", 3}}, {{"p", "no/such", "b", c}}), file_error);
    BOOST_TEST(dir.entries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
