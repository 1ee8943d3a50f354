#pragma once
// A growing array that takes many short runs (the spans of event delivery, a few elements each)
// without a library call per run: a run is copied in groups of eight elements, fixed-size copies
// the compiler turns into a vector load and store each. A group may write up to seven elements
// past the run, which the buffer keeps as slack and the next run overwrites, and read up to
// seven past it, which the caller allows only where its source has them.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <vector>

namespace neurowire::sim {

template <class T>
class RunBuffer {
public:
    static constexpr std::size_t group = 8;

    std::size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    const T* data() const { return buf_.data(); }
    void clear() { n_ = 0; }

    // Appends src[0, len). With `over_read`, src[len, ⌈len/8⌉·8) must be readable too.
    void append(const T* src, std::size_t len, bool over_read) {
        if (n_ + len + group > buf_.size()) buf_.resize(std::max(2 * buf_.size(), n_ + len + group + 64));
        T* dst = buf_.data() + n_;
        if (over_read) {
            for (std::size_t k = 0; k < len; k += group) std::memcpy(dst + k, src + k, group * sizeof(T));
        } else {
            std::copy(src, src + len, dst);
        }
        n_ += len;
    }

private:
    std::vector<T> buf_;   // size(): capacity, at least n_ + group
    std::size_t n_ = 0;
};

}  // namespace neurowire::sim
