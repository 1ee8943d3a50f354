// gnuplot is run without a shell (core/platform/process) and its output captured, so a failing script reports
// gnuplot's own message. Text goes in single-quoted strings with enhanced mode off: population
// names like e_to_i must not turn into subscripts.
#include "io/plot.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "core/platform/process.hpp"
#include "io/atomic_file.hpp"
#include "io/text_util.hpp"

namespace neurowire::io {

namespace {

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// A scratch folder for the data and the script, removed on every path out.
class Scratch {
public:
    Scratch() {
        std::string name = (fs::temp_directory_path() / "neurowire-plot-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) throw_os_error(name, "cannot create a scratch folder");
        dir_ = name;
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    fs::path file(const std::string& name) const { return dir_ / name; }

private:
    fs::path dir_;
};

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw_os_error(path, "cannot write");
}

std::string header(const fs::path& png_temp, const PlotStyle& style) {
    const std::string size = " size " + std::to_string(style.width) + "," + std::to_string(style.height) + " noenhanced";
    std::string s = "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { set terminal pngcairo" + size +
                    " } else { set terminal png" + size + " }\n";
    s += "set output " + quote(png_temp.string()) + "\n";
    s += "set title " + quote(style.title) + "\nset xlabel " + quote(style.xlabel) + "\nset ylabel " + quote(style.ylabel) + "\n";
    s += "set grid\nset key outside right top\n";
    return s;
}

// Runs gnuplot on `script` writing `png`; throws with gnuplot's output when it fails.
void run_gnuplot(const fs::path& png, const PlotStyle& style, const std::string& script_body, const std::string& data,
                 const Scratch& scratch) {
    AtomicFile out(png);
    const fs::path data_file = scratch.file("data.txt");
    const fs::path script_file = scratch.file("plot.gp");
    const fs::path log_file = scratch.file("gnuplot.log");
    write_file(data_file, data);
    std::string script = header(out.temp_path(), style);
    std::string body = script_body;
    for (std::size_t at; (at = body.find("$DATA")) != std::string::npos;) body.replace(at, 5, quote(data_file.string()));
    write_file(script_file, script + body + "unset output\n");

    const platform::ProcessStatus status = platform::run_process({style.gnuplot, script_file.string()}, log_file);
    if (!status.started)
        throw error("cannot run '" + style.gnuplot + "' to draw " + png.string() + ": " + status.error +
                    " (install gnuplot, e.g. Debian's gnuplot-nox)");
    std::ifstream log(log_file);
    std::stringstream messages;
    messages << log.rdbuf();
    if (!status.succeeded())
        throw error("gnuplot failed to draw " + png.string() + ": " + messages.str());
    std::error_code ec;
    if (fs::file_size(out.temp_path(), ec) == 0 || ec)
        throw error("gnuplot wrote no image for " + png.string() + ": " + messages.str());
    out.commit();
}

}  // namespace

bool gnuplot_available(const std::string& program) { return platform::find_executable(program).has_value(); }

void plot_raster(const fs::path& png, const std::vector<double>& times, const std::vector<std::uint32_t>& units,
                 const PlotStyle& style) {
    if (times.size() != units.size()) throw std::logic_error("plot_raster: times and units differ in length");
    std::string data;
    for (std::size_t k = 0; k < times.size(); ++k) {
        text::append_number(data, times[k]);
        data += ' ';
        text::append_number(data, units[k]);
        data += '\n';
    }
    // gnuplot refuses to plot an empty file; one invisible point keeps an empty raster drawable.
    const std::string body = times.empty() ? "unset key\nplot [0:1][0:1] NaN notitle\n"
                                           : "unset key\nplot $DATA using 1:2 with dots lc rgb 'black' notitle\n";
    Scratch scratch;
    run_gnuplot(png, style, body, data, scratch);
}

void plot_traces(const fs::path& png, const std::vector<double>& t, const std::vector<Series>& series,
                 const PlotStyle& style, const TraceOptions& options) {
    for (const auto& s : series)
        if (s.y.size() != t.size()) throw std::logic_error("plot_traces: series '" + s.label + "' differs in length from t");
    std::string data;
    for (std::size_t i = 0; i < t.size(); ++i) {
        text::append_number(data, t[i]);
        double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0.0;
        for (const auto& s : series) {
            data += ' ';
            text::append_number(data, s.y[i]);
            lo = std::min(lo, s.y[i]);
            hi = std::max(hi, s.y[i]);
            sum += s.y[i];
        }
        const double mean = series.empty() ? 0.0 : sum / static_cast<double>(series.size());
        for (double v : {mean, lo, hi}) {
            data += ' ';
            text::append_number(data, series.empty() ? 0.0 : v);
        }
        data += '\n';
    }
    const std::size_t k = series.size();
    std::vector<std::string> parts;
    if (options.band && k > 0)
        parts.push_back("$DATA using 1:" + std::to_string(k + 3) + ":" + std::to_string(k + 4) +
                        " with filledcurves fs transparent solid 0.25 lc rgb 'steelblue' title 'min-max'");
    if (options.each)
        for (std::size_t s = 0; s < k; ++s)
            parts.push_back("$DATA using 1:" + std::to_string(s + 2) + " with lines lw 1 " +
                            (k <= 12 ? "title " + quote(series[s].label) : std::string("notitle")));
    if (options.mean && k > 0)
        parts.push_back("$DATA using 1:" + std::to_string(k + 2) + " with lines lw 3 lc rgb 'black' title 'mean'");
    std::string body = "plot ";
    if (parts.empty() || t.empty()) body += "[0:1][0:1] NaN notitle";
    else
        for (std::size_t p = 0; p < parts.size(); ++p) body += (p ? ", " : "") + parts[p];
    Scratch scratch;
    run_gnuplot(png, style, body + "\n", data, scratch);
}

void plot_histogram(const fs::path& png, const std::vector<double>& values, std::size_t bins, const PlotStyle& style) {
    if (bins == 0) throw std::logic_error("plot_histogram: zero bins");
    std::string data;
    if (!values.empty()) {
        const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
        const double lo = *lo_it;
        const double width = *hi_it > lo ? (*hi_it - lo) / static_cast<double>(bins) : 1.0;
        std::vector<std::size_t> count(bins, 0);
        for (double v : values)
            ++count[std::min(bins - 1, static_cast<std::size_t>((v - lo) / width))];
        for (std::size_t b = 0; b < bins; ++b) {
            text::append_number(data, lo + (static_cast<double>(b) + 0.5) * width);
            data += ' ';
            text::append_number(data, count[b]);
            data += ' ';
            text::append_number(data, width);
            data += '\n';
        }
    }
    const std::string body = values.empty()
        ? "plot [0:1][0:1] NaN notitle\n"
        : "set style fill solid 0.6 border -1\nset yrange [0:*]\nplot $DATA using 1:2:3 with boxes lc rgb 'steelblue' notitle\n";
    Scratch scratch;
    run_gnuplot(png, style, body, data, scratch);
}

void plot_loglog(const fs::path& png, const std::vector<XYSeries>& lines, const PlotStyle& style) {
    std::string data;
    std::string body = "set logscale xy\nplot ";
    std::size_t drawn = 0;
    for (std::size_t s = 0; s < lines.size(); ++s) {
        if (lines[s].x.size() != lines[s].y.size()) throw std::logic_error("plot_loglog: x and y differ in length");
        if (lines[s].x.empty()) continue;
        for (std::size_t i = 0; i < lines[s].x.size(); ++i) {
            text::append_number(data, lines[s].x[i]);
            data += ' ';
            text::append_number(data, lines[s].y[i]);
            data += '\n';
        }
        data += "\n\n";   // a new gnuplot data block, addressed by `index`
        body += std::string(drawn ? ", " : "") + "$DATA index " + std::to_string(drawn) +
                " using 1:2 with linespoints pt 7 title " + quote(lines[s].label);
        ++drawn;
    }
    if (drawn == 0) body = "plot [1:10][1:10] NaN notitle";
    Scratch scratch;
    run_gnuplot(png, style, body + "\n", data, scratch);
}

}  // namespace neurowire::io
