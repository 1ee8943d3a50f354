// Recording files; see recording_file.hpp.
#include "io/recording_file.hpp"

#include <cstring>
#include <ostream>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

fs::path write_recording(const fs::path& dir, const std::vector<NamedView>& arrays, Compression compression) {
    const fs::path file = dir / "recording.npz";
    write_npz(file, arrays, compression);
    return file;
}

void write_samples_csv(const fs::path& file, const std::vector<double>& t, const ArrayView& samples,
                       const std::string& name) {
    if (samples.dtype != Dtype::f64 || samples.shape.size() != 2 || samples.shape[0] != t.size())
        throw std::logic_error("write_samples_csv: expected a float64 samples × units array with one row per time");
    const std::size_t rows = samples.shape[0];
    const std::size_t cols = samples.shape[1];
    const auto* data = static_cast<const double*>(samples.data);
    const auto at = [&](std::size_t r, std::size_t c) {
        return samples.fortran_order ? data[c * rows + r] : data[r * cols + c];
    };
    write_stream_atomically(file, [&](std::ostream& out) {
        text::BlockWriter w(out);
        std::string& b = w.buffer();
        b += "t";
        for (std::size_t c = 0; c < cols; ++c) {
            b += "," + name + "[";
            text::append_number(b, c);
            b += "]";
        }
        b += '\n';
        for (std::size_t r = 0; r < rows; ++r) {
            text::append_number(b, t[r]);
            for (std::size_t c = 0; c < cols; ++c) {
                b += ',';
                text::append_number(b, at(r, c));
            }
            b += '\n';
            w.maybe_flush();
        }
        w.flush();
    });
}

}  // namespace neurowire::io
