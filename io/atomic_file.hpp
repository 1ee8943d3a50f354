#pragma once
// The all-or-nothing writers live in core/platform/atomic_file.hpp; io's writers use them by
// their io:: names.
#include "core/platform/atomic_file.hpp"

namespace neurowire::io {

using platform::AtomicDirectory;
using platform::AtomicFile;
using platform::AtomicFileSet;
using platform::throw_os_error;
using platform::write_stream_atomically;

}  // namespace neurowire::io
