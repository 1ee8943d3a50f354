// StagedOutput: all files appear on commit, none without it, and a folder that existed keeps
// exactly what it held.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "app/staged_output.hpp"

namespace fs = std::filesystem;
using neurowire::app::StagedOutput;

namespace {

struct Scratch {
    fs::path root = fs::temp_directory_path() / ("nw_staged_" + std::to_string(::getpid()));
    Scratch() { fs::remove_all(root); fs::create_directories(root); }
    ~Scratch() { fs::remove_all(root); }
};

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(staged_output)

BOOST_AUTO_TEST_CASE(commit_moves_files_and_folders_in) {
    Scratch s;
    const fs::path dir = s.root / "a" / "b";
    {
        StagedOutput out(dir);
        write(out.stage("x.npz"), "x");
        write(out.stage("sonata/nodes.h5"), "n");
        BOOST_TEST(!fs::exists(dir / "x.npz"));
        BOOST_TEST(out.commit().size() == 2u);
    }
    BOOST_TEST(read(dir / "x.npz") == "x");
    BOOST_TEST(read(dir / "sonata" / "nodes.h5") == "n");
    BOOST_TEST(entries(dir) == 2u);   // no staging folder left
}

BOOST_AUTO_TEST_CASE(without_commit_a_created_folder_disappears) {
    Scratch s;
    const fs::path dir = s.root / "new" / "deeper";
    {
        StagedOutput out(dir);
        write(out.stage("x.npz"), "x");
    }
    BOOST_TEST(!fs::exists(s.root / "new"));
}

BOOST_AUTO_TEST_CASE(without_commit_an_existing_folder_is_untouched) {
    Scratch s;
    write(s.root / "out" / "x.npz", "old");
    {
        StagedOutput out(s.root / "out");
        write(out.stage("x.npz"), "new");
        write(out.stage("y.npz"), "new");
    }
    BOOST_TEST(entries(s.root / "out") == 1u);
    BOOST_TEST(read(s.root / "out" / "x.npz") == "old");
}

BOOST_AUTO_TEST_CASE(commit_replaces_files_and_folders) {
    Scratch s;
    write(s.root / "out" / "x.npz", "old");
    write(s.root / "out" / "sonata" / "stale.h5", "old");
    {
        StagedOutput out(s.root / "out");
        write(out.stage("x.npz"), "new");
        write(out.stage("sonata/edges.h5"), "new");
        out.commit();
    }
    BOOST_TEST(read(s.root / "out" / "x.npz") == "new");
    BOOST_TEST(!fs::exists(s.root / "out" / "sonata" / "stale.h5"));
    BOOST_TEST(read(s.root / "out" / "sonata" / "edges.h5") == "new");
}

BOOST_AUTO_TEST_SUITE_END()
