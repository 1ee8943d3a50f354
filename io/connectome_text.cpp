// Writing the text connectome formats: CSV, Matrix Market and PyNN (the readers are in
// connectome_{csv,mtx,pynn}_read.cpp).
// Numbers are written with std::to_chars' shortest round-trip form, so reading a file back gives
// the very same float32 weights and delays.
#include <ostream>
#include <stdexcept>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/connectome_files.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

constexpr std::string_view csv_header = "source,target,weight,delay";

// Writes `row(k, buffer)` for every edge through a block buffer, atomically.
template <class Row>
void write_rows(const fs::path& file, const std::string& header, std::size_t n, Row row) {
    write_stream_atomically(file, [&](std::ostream& out) {
        text::BlockWriter w(out);
        w.buffer() += header;
        for (std::size_t k = 0; k < n; ++k) {
            row(k, w.buffer());
            w.maybe_flush();
        }
        w.flush();
    });
}

}  // namespace

void write_connectome_csv(const fs::path& file, const connect::Connectome& c) {
    write_rows(file, std::string(csv_header) + "\n", c.size(), [&](std::size_t k, std::string& b) {
        text::append_number(b, c.source[k]);
        b += ',';
        text::append_number(b, c.target[k]);
        b += ',';
        text::append_number(b, c.weight[k]);
        b += ',';
        text::append_number(b, c.delay[k]);
        b += '\n';
    });
}

fs::path write_csv(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".csv");
    write_connectome_csv(file, c);
    return file;
}

void write_connectome_pynn(const fs::path& file, const connect::Connectome& c) {
    // PyNN's StandardTextFile.get_metadata evals every leading '#' line as `name = list`: a free
    // comment line would break it, so the column list is the only header line.
    write_rows(file, "# columns = [\"i\", \"j\", \"weight\", \"delay\"]\n", c.size(), [&](std::size_t k, std::string& b) {
        text::append_number(b, c.source[k]);
        b += '\t';
        text::append_number(b, c.target[k]);
        b += '\t';
        text::append_number(b, c.weight[k]);
        b += '\t';
        text::append_number(b, c.delay[k]);
        b += '\n';
    });
}

fs::path write_pynn(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".conn");
    write_connectome_pynn(file, c);
    return file;
}

void write_connectome_mtx(const fs::path& file, const connect::Connectome& c) {
    // Repeated pairs are adjacent in (source, target) order; summing them needs that order.
    const std::size_t n = c.size();
    std::size_t entries = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (k > 0 && (c.source[k] < c.source[k - 1] || (c.source[k] == c.source[k - 1] && c.target[k] < c.target[k - 1])))
            throw std::logic_error("write_connectome_mtx: the connectome is not sorted by (source, target)");
        if (k == 0 || c.source[k] != c.source[k - 1] || c.target[k] != c.target[k - 1]) ++entries;
    }
    std::string header =
        "%%MatrixMarket matrix coordinate real general\n"
        "% neurowire connectome: rows are targets, columns are sources (r_in = W r);\n"
        "% repeated source-target pairs are summed into one entry.\n";
    text::append_number(header, c.n_target);
    header += ' ';
    text::append_number(header, c.n_source);
    header += ' ';
    text::append_number(header, entries);
    header += '\n';
    write_stream_atomically(file, [&](std::ostream& out) {
        text::BlockWriter w(out);
        w.buffer() += header;
        for (std::size_t k = 0; k < n;) {
            // Sum in double, as weight_matrix() does, and write the double exactly.
            double sum = 0.0;
            std::size_t end = k;
            for (; end < n && c.source[end] == c.source[k] && c.target[end] == c.target[k]; ++end) sum += c.weight[end];
            std::string& b = w.buffer();
            text::append_number(b, std::uint64_t{c.target[k]} + 1);
            b += ' ';
            text::append_number(b, std::uint64_t{c.source[k]} + 1);
            b += ' ';
            text::append_number(b, sum);
            b += '\n';
            w.maybe_flush();
            k = end;
        }
        w.flush();
    });
}

fs::path write_mtx(const fs::path& dir, const std::string& projection, const connect::Connectome& c) {
    const fs::path file = dir / (projection + ".mtx");
    write_connectome_mtx(file, c);
    return file;
}

}  // namespace neurowire::io
