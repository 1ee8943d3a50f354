#pragma once
// An output folder that receives a command's files all at once or not at all — also when the
// process is killed at any moment.
//
// Files are written into a hidden staging folder inside DIR (same file system, so moving them in
// is a rename). commit() first checks that nothing is in the way (an entry of another kind: a
// folder where a file goes, or the reverse), writes a journal, moves every old entry that a new
// one replaces into a backup folder, moves the new entries in, marks the journal done and only
// then deletes the backups. A failure at any step moves the old entries back. A process killed
// during a commit leaves its journal: the next StagedOutput on DIR (or recover()) rolls the
// commit back (old contents restored) or, if it had been marked done, finishes it. Stale staging
// folders of dead processes are removed the same way. Without commit() — an exception, an error
// exit — the staging folder is removed, and DIR itself (with any parents) if this object created it.
#include <filesystem>
#include <string>
#include <vector>

namespace neurowire::platform {

class StagedOutput {
public:
    // Recovers DIR from interrupted commits, then creates DIR (and missing parents) if needed
    // and a staging folder in it; file_error if it cannot.
    explicit StagedOutput(std::filesystem::path dir);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    // The staging folder: writers write DIR-relative names here (files or whole folders).
    const std::filesystem::path& staging() const { return staging_; }
    std::filesystem::path stage(const std::string& relative) const { return staging_ / relative; }

    // Moves every entry of the staging folder into DIR, replacing same-named entries, and
    // returns the final paths. On a failure DIR is as it was and file_error is thrown.
    std::vector<std::filesystem::path> commit();
    // Removes what this object created; called by the destructor when commit() did not succeed.
    void rollback() noexcept;

    // Rolls back (or finishes, if marked done) the commits of dead processes in DIR and removes
    // their staging folders. Returns how many leftovers were handled.
    static std::size_t recover(const std::filesystem::path& dir);

    // Test hook: called with the step number before each rename of a commit (0, 1, …); a test
    // may throw or kill the process there. Not thread-safe; null in normal use.
    static void (*before_commit_step)(std::size_t step);

private:
    std::filesystem::path dir_;
    std::filesystem::path staging_;
    std::filesystem::path created_root_;   // topmost folder we created (empty: DIR existed)
    bool done_ = false;
};

}  // namespace neurowire::platform
