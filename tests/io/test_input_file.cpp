// Only regular files are read: a directory, a FIFO or /dev/zero given where a data file belongs is
// a clear error naming the file, through every reader, and never a hang or an endless read. Lines
// of text files are bounded.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/input_file.hpp"
#include "io/npy.hpp"
#include "io/positions_file.hpp"
#include "hostile.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

// Every reader of a data file, by the extension it expects.
const std::vector<std::pair<std::string, std::function<void(const std::filesystem::path&)>>> readers = {
    {".npy", [](const auto& p) { io::read_npy(p); }},
    {".npz", [](const auto& p) { io::read_npz(p); }},
    {".npz", [](const auto& p) { io::read_connectome_npz(p); }},
    {".csv", [](const auto& p) { io::read_connectome_csv(p); }},
    {".mtx", [](const auto& p) { io::read_connectome_mtx(p); }},
    {".conn", [](const auto& p) { io::read_connectome_pynn(p); }},
    {".csv", [](const auto& p) { io::read_positions(p); }},
    {".npy", [](const auto& p) { io::read_positions(p); }},
    {".npz", [](const auto& p) { io::read_connectome_any(p); }},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(input_file)

BOOST_AUTO_TEST_CASE(directories_are_refused_by_every_reader) {
    TempDir dir;
    for (const auto& [ext, read] : readers) {
        const auto path = dir / ("folder" + ext);
        std::filesystem::create_directories(path);
        test::expect_file_error([&] { read(path); }, path.string(), "", "expected a regular file, found a directory");
    }
}

// A FIFO with no writer would block open() forever: it is refused from stat(), never opened.
BOOST_AUTO_TEST_CASE(fifos_are_refused_without_being_opened) {
    TempDir dir;
    for (const auto& [ext, read] : readers) {
        const auto path = dir / ("pipe" + ext);
        if (!std::filesystem::exists(path)) BOOST_REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        test::expect_file_error([&] { read(path); }, path.string(), "", "found a FIFO (named pipe)");
    }
}

// /dev/zero would be read without end; through a symlink with a data file's name as well.
BOOST_AUTO_TEST_CASE(devices_are_refused) {
    if (!std::filesystem::exists("/dev/zero")) return;
    TempDir dir;
    test::expect_file_error([] { io::read_npy("/dev/zero"); }, "/dev/zero", "", "found a character device");
    test::expect_file_error([] { io::read_npz("/dev/zero"); }, "/dev/zero", "", "found a character device");
    test::expect_file_error([] { io::read_connectome_csv("/dev/zero"); }, "/dev/zero", "", "found a character device");
    for (const auto& [ext, read] : readers) {
        const auto link = dir / ("zero" + ext);
        if (!std::filesystem::exists(link)) std::filesystem::create_symlink("/dev/zero", link);
        test::expect_file_error([&] { read(link); }, link.string(), "", "found a character device");
    }
}

BOOST_AUTO_TEST_CASE(missing_files_name_the_file) {
    TempDir dir;
    for (const auto& [ext, read] : readers) {
        const auto path = dir / ("absent" + ext);
        test::expect_file_error([&] { read(path); }, path.string(), "", "No such file or directory");
    }
    BOOST_CHECK_EXCEPTION(io::check_regular_file(dir.path), file_error,
                          [](const file_error& e) { return e.problem.find("a directory") != std::string::npos; });
    test::write_text(dir / "f.txt", "12345");
    BOOST_TEST(io::check_regular_file(dir / "f.txt") == 5u);
}

BOOST_AUTO_TEST_CASE(lines_are_bounded_and_numbered) {
    TempDir dir;
    test::write_text(dir / "t.txt", "a\r\nbb\n\nlast");
    io::LineReader in(dir / "t.txt");
    std::string line;
    std::vector<std::string> got;
    while (in.next(line)) got.push_back(line);
    BOOST_TEST(got == (std::vector<std::string>{"a\r", "bb", "", "last"}));
    BOOST_TEST(in.line_number() == 4u);
    BOOST_TEST(in.consumed() == in.size());

    // A 3 MB line with no newline (a binary file, say) is refused at its line, not read whole.
    test::write_text(dir / "long.csv", "source,target,weight,delay\n" + std::string(3 << 20, '7'));
    test::expect_file_error([&] { io::read_connectome_csv(dir / "long.csv"); }, (dir / "long.csv").string(), "line 2",
                            "longer than 1048576 bytes");
    test::write_text(dir / "long_pos.csv", std::string(2 << 20, '1') + "\n");
    test::expect_file_error([&] { io::read_positions(dir / "long_pos.csv"); }, (dir / "long_pos.csv").string(), "line 1",
                            "longer than");
}

BOOST_AUTO_TEST_SUITE_END()
