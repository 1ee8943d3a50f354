#pragma once
// Writers never leave a half-written file behind: they write under a temporary name in the target
// folder (same file system, so the final rename is atomic) and rename on success. Anything that
// throws before commit() — a full disk, a bad value, a failed rename — removes the temporary.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace neurowire::platform {

namespace fs = std::filesystem;

// One file. The writer opens temp_path() by any means (ofstream, libzip, HDF5) and calls commit().
class AtomicFile {
public:
    explicit AtomicFile(fs::path target);
    ~AtomicFile();
    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&&) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const fs::path& target() const { return target_; }
    const fs::path& temp_path() const { return temp_; }

    // Renames the temporary onto the target (replacing it); throws file_error on failure.
    void commit();
    // Removes the temporary; safe to call more than once.
    void discard() noexcept;

private:
    fs::path target_;
    fs::path temp_;
    bool open_ = false;
};

// Writes a text or binary stream atomically: `write` fills the stream; a stream error or an
// exception from `write` leaves no file behind.
void write_stream_atomically(const fs::path& target, const std::function<void(std::ostream&)>& write,
                             bool binary = false);

// Several files that appear together or not at all, e.g. one connectome in several formats.
// All are written under temporary names first; commit() renames them in order. Only a failing
// rename (rare: same folder, same file system) can leave the earlier ones in place.
class AtomicFileSet {
public:
    // The temporary path to write `target` to.
    const fs::path& add(const fs::path& target);
    void commit();
    std::vector<fs::path> targets() const;

private:
    std::vector<AtomicFile> files_;
};

// A whole folder (e.g. DIR/sonata/): written into a hidden staging folder next to the target and
// swapped in on commit(). An existing target folder is replaced only after the new one is complete.
class AtomicDirectory {
public:
    explicit AtomicDirectory(fs::path target);
    ~AtomicDirectory();
    AtomicDirectory(const AtomicDirectory&) = delete;
    AtomicDirectory& operator=(const AtomicDirectory&) = delete;

    const fs::path& target() const { return target_; }
    const fs::path& staging() const { return staging_; }   // write the files here

    void commit();
    void discard() noexcept;

private:
    fs::path target_;
    fs::path staging_;
    bool open_ = false;
};

// A file_error for an OS-level failure (errno) on `file`, with what we were doing.
[[noreturn]] void throw_os_error(const fs::path& file, const std::string& doing);

}  // namespace neurowire::platform
