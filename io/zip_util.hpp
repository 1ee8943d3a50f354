#pragma once
// libzip pieces shared by the .npz writer and reader (internal to io/).
#include <memory>
#include <string>

#include <zip.h>

namespace neurowire::io::zip_util {

inline std::string message(int code) {
    zip_error_t err;
    zip_error_init_with_code(&err, code);
    std::string msg = zip_error_strerror(&err);
    zip_error_fini(&err);
    return msg;
}

struct ArchiveCloser {
    void operator()(zip_t* z) const {
        if (z) zip_discard(z);
    }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

struct FileCloser {
    void operator()(zip_file_t* f) const {
        if (f) zip_fclose(f);
    }
};
using MemberFile = std::unique_ptr<zip_file_t, FileCloser>;

}  // namespace neurowire::io::zip_util
