#pragma once
// An output folder that receives a command's files all at once or not at all.
//
// Owner: the CLI/spec engineer; `neurowire connect` uses it, and `neurowire run` can too.
// Files are written into a hidden staging folder inside DIR (same file system, so moving them in
// is a rename) and moved into DIR by commit(). Without commit() — an exception, an error exit —
// the staging folder is removed, and DIR itself (with any parents) if this object created it:
// a failed run leaves nothing behind, and files that were in DIR before are never touched.
#include <filesystem>
#include <string>
#include <vector>

namespace neurowire::app {

class StagedOutput {
public:
    // Creates DIR (and missing parents) if needed; file_error if it cannot.
    explicit StagedOutput(std::filesystem::path dir);
    ~StagedOutput();
    StagedOutput(const StagedOutput&) = delete;
    StagedOutput& operator=(const StagedOutput&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    // The staging folder: writers write DIR-relative names here (files or whole folders).
    const std::filesystem::path& staging() const { return staging_; }
    std::filesystem::path stage(const std::string& relative) const { return staging_ / relative; }

    // Moves every entry of the staging folder into DIR, replacing same-named entries, and
    // returns the final paths. On a failure the entries moved so far are removed again.
    std::vector<std::filesystem::path> commit();
    // Removes what this object created; called by the destructor when commit() did not succeed.
    void rollback() noexcept;

private:
    std::filesystem::path dir_;
    std::filesystem::path staging_;
    std::filesystem::path created_root_;   // topmost folder we created (empty: DIR existed)
    bool done_ = false;
};

}  // namespace neurowire::app
