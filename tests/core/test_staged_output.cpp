// StagedOutput: all files appear on commit, none without it, and a folder that existed keeps
// exactly what it held.
#include <filesystem>
#include <fstream>
#include <string>

#include <csignal>
#include <stdexcept>

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/error.hpp"
#include "core/platform/staged_output.hpp"

namespace fs = std::filesystem;
using neurowire::platform::StagedOutput;

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

namespace {

// DIR with a previous run's outputs: a file, a folder, and a file the new run does not write.
void previous_run(const fs::path& dir) {
    write(dir / "x.npz", "old");
    write(dir / "sonata" / "edges.h5", "old");
    write(dir / "keep.txt", "user");
}

bool is_previous_run(const fs::path& dir) {
    return entries(dir) == 3u && read(dir / "x.npz") == "old" && read(dir / "sonata" / "edges.h5") == "old" &&
           read(dir / "keep.txt") == "user";
}

bool is_new_run(const fs::path& dir) {
    return entries(dir) == 4u && read(dir / "x.npz") == "new" && read(dir / "sonata" / "edges.h5") == "new" &&
           !fs::exists(dir / "sonata" / "stale.h5") && read(dir / "y.npz") == "new" && read(dir / "keep.txt") == "user";
}

void stage_new_run(neurowire::platform::StagedOutput& out) {
    write(out.stage("x.npz"), "new");
    write(out.stage("sonata/edges.h5"), "new");
    write(out.stage("y.npz"), "new");
}

std::size_t failing_step = 0;
void throw_at_step(std::size_t step) {
    if (step == failing_step) throw std::runtime_error("injected failure");
}
void die_at_step(std::size_t step) {
    if (step == failing_step) ::_exit(9);
}

}  // namespace

// The data-loss case: a folder in the way of a file must fail before anything moves.
BOOST_AUTO_TEST_CASE(an_entry_in_the_way_changes_nothing) {
    Scratch s;
    const fs::path dir = s.root / "out";
    previous_run(dir);
    fs::create_directories(dir / "y.npz");   // a folder where the new file goes
    {
        StagedOutput out(dir);
        stage_new_run(out);
        BOOST_CHECK_THROW(out.commit(), neurowire::file_error);
    }
    fs::remove(dir / "y.npz");
    BOOST_TEST(is_previous_run(dir));
}

// A failure at every step of the commit leaves the previous run's outputs exactly as they were.
BOOST_AUTO_TEST_CASE(a_failure_at_any_commit_step_restores_the_old_outputs) {
    for (std::size_t step = 0; step < 7; ++step) {
        Scratch s;
        const fs::path dir = s.root / "out";
        previous_run(dir);
        failing_step = step;
        StagedOutput::before_commit_step = throw_at_step;
        {
            StagedOutput out(dir);
            stage_new_run(out);
            BOOST_CHECK_THROW(out.commit(), std::runtime_error);
        }
        StagedOutput::before_commit_step = nullptr;
        BOOST_TEST(is_previous_run(dir), "step " << step);
    }
}

// SIGKILL-like death (_exit without unwinding) at every step: the next run on DIR finds either
// the old outputs or the complete new ones, never a mix, and no leftovers.
BOOST_AUTO_TEST_CASE(a_process_killed_at_any_commit_step_is_recovered_by_the_next_run) {
    for (std::size_t step = 0; step < 8; ++step) {
        Scratch s;
        const fs::path dir = s.root / "out";
        previous_run(dir);
        const pid_t child = ::fork();
        if (child == 0) {
            failing_step = step;
            StagedOutput::before_commit_step = die_at_step;
            StagedOutput out(dir);
            stage_new_run(out);
            out.commit();
            ::_exit(0);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        const bool completed = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        StagedOutput::recover(dir);
        if (completed) BOOST_TEST(is_new_run(dir), "step " << step);
        else BOOST_TEST((is_previous_run(dir) || is_new_run(dir)), "step " << step);
        BOOST_TEST(!completed == (step < 7), "step " << step);   // 7 hook calls: 3 entries x 2 + done
    }
}

BOOST_AUTO_TEST_CASE(stale_staging_folders_of_dead_processes_are_removed) {
    Scratch s;
    const fs::path dir = s.root / "out";
    previous_run(dir);
    const pid_t child = ::fork();
    if (child == 0) {
        StagedOutput out(dir);
        write(out.stage("x.npz"), "half");
        ::_exit(9);   // dies without cleaning up
    }
    ::waitpid(child, nullptr, 0);
    BOOST_TEST(entries(dir) == 4u);   // the dead process's staging folder is still there
    { StagedOutput next(dir); }
    BOOST_TEST(is_previous_run(dir));
}

BOOST_AUTO_TEST_SUITE_END()
