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

// 16 colours told apart on white (Tableau's 10 and six more of its 20, darkened where pale).
const char* const palette[trace_colours] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a",
                                            "#637939", "#843c39", "#7b4173", "#3182bd"};

std::string colour(std::size_t k) {
    std::string s = " lc rgb '";
    s += palette[k % trace_colours];
    s += "'";
    if (k >= trace_colours) s += " dt 2";
    return s;
}

void append_xy(std::string& data, const std::vector<double>& x, const std::vector<double>& y) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        text::append_number(data, x[i]);
        data += ' ';
        text::append_number(data, y[i]);
        data += '\n';
    }
    if (x.empty()) data += "NaN NaN\n";   // an empty block still counts as one for `index`
    data += "\n\n";
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

void plot_raster_with_rate(const fs::path& png, const std::vector<double>& times, const std::vector<std::uint32_t>& units,
                           const RasterPanel& panel, const PlotStyle& style) {
    if (times.size() != units.size()) throw std::logic_error("plot_raster_with_rate: times and units differ in length");
    if (panel.rate_t.size() != panel.rate.size()) throw std::logic_error("plot_raster_with_rate: rate lengths differ");
    std::string data;
    append_xy(data, times, std::vector<double>(units.begin(), units.end()));
    append_xy(data, panel.rate_t, panel.rate);
    const std::uint32_t n = std::max<std::uint32_t>(panel.n_units, 1);
    // Markers: big dots for a few units, shrinking with their number, single pixels for many.
    const std::string marker = n <= 10 ? "points pt 7 ps 1.0" : n <= 50 ? "points pt 7 ps 0.6"
                             : n <= 500 ? "points pt 7 ps 0.3" : "dots";
    std::string range = "set xrange [0:";
    text::append_number(range, panel.t_end > 0.0 ? panel.t_end : 1.0);
    range += "]\n";
    std::string body = "unset key\n" + range + "set multiplot\n";
    // Raster: top 68 % of the canvas; the rate: the bottom 32 %, with the shared x label.
    body += "set lmargin 12\nset rmargin 4\nset origin 0,0.32\nset size 1,0.68\nset xlabel ''\nset format x ''\n";
    body += "set yrange [-0.5:";
    text::append_number(body, static_cast<double>(n) - 0.5);
    body += "]\n";
    if (n <= 20) body += "set ytics 1\n";
    else body += "set ytics autofreq\n";
    body += "set ytics format '%.0f'\nset mytics 1\n";
    body += times.empty() ? "plot NaN notitle\n"
                          : "plot $DATA index 0 using 1:2 with " + marker + " lc rgb 'black' notitle\n";
    body += "unset title\nset origin 0,0\nset size 1,0.32\nset format x '% h'\nset xlabel " + quote(style.xlabel) +
            "\nset ylabel " + quote(panel.rate_label) + "\nset yrange [0:*]\nset ytics autofreq\nset ytics format '% h'\n";
    body += panel.rate_t.empty() ? "set yrange [0:1]\nplot NaN notitle\n"
                                 : "plot $DATA index 1 using 1:2 with steps lw 1.5 lc rgb '#1f77b4' notitle\n";
    body += "unset multiplot\n";
    Scratch scratch;
    run_gnuplot(png, style, body, data, scratch);
}

void plot_bars(const fs::path& png, const std::vector<double>& values, const PlotStyle& style) {
    std::string data;
    for (std::size_t i = 0; i < values.size(); ++i) {
        text::append_number(data, static_cast<double>(i));
        data += ' ';
        text::append_number(data, values[i]);
        data += '\n';
    }
    std::string body = "unset key\nset style fill solid 0.6 border -1\nset boxwidth 0.7\nset yrange [0:*]\nset xrange [-0.6:";
    text::append_number(body, static_cast<double>(values.size()) - 0.4);
    body += "]\n";
    if (values.size() <= 20) body += "set xtics 1\n";
    body += "set xtics format '%.0f'\n";
    body += values.empty() ? "set yrange [0:1]\nplot NaN notitle\n" : "plot $DATA using 1:2 with boxes lc rgb 'steelblue' notitle\n";
    Scratch scratch;
    run_gnuplot(png, style, body, data, scratch);
}

void plot_connectome(const fs::path& png, const ConnectomePanel& panel, const PlotStyle& style) {
    std::string data;
    append_xy(data, panel.source_x, panel.source_y);   // index 0
    append_xy(data, panel.target_x, panel.target_y);   // index 1
    append_xy(data, panel.bin_centres, panel.observed);   // index 2
    append_xy(data, panel.bin_centres, panel.expected);   // index 3
    for (const auto& g : panel.chosen) {
        append_xy(data, {g.x}, {g.y});
        append_xy(data, g.tx, g.ty);
    }
    std::string body = "set multiplot layout 1,2 title " + quote(style.title) + "\nunset title\nset size ratio -1\nset key off\nset xlabel 'x'\nset ylabel 'y'\n"
                       "set title 'sources (large) and their targets (small)'\n";
    body += "plot $DATA index 1 using 1:2 with dots lc rgb '#d0d0d0' notitle, "
            "$DATA index 0 using 1:2 with dots lc rgb '#a0a0a0' notitle";
    for (std::size_t k = 0; k < panel.chosen.size(); ++k) {
        const std::size_t at = 4 + 2 * k;
        body += ", $DATA index " + std::to_string(at + 1) + " using 1:2 with points pt 7 ps 0.5" + colour(k) + " notitle";
        body += ", $DATA index " + std::to_string(at) + " using 1:2 with points pt 9 ps 2.5" + colour(k) + " notitle";
    }
    body += "\nset size noratio\nset key inside right top\nset xlabel 'distance to partner'\nset ylabel 'density'\n"
            "set title 'partner distances'\nset style fill solid 0.5 border -1\nset yrange [0:*]\n";
    double width = panel.bin_centres.size() > 1 ? panel.bin_centres[1] - panel.bin_centres[0] : 1.0;
    std::string w;
    text::append_number(w, width);
    body += "plot $DATA index 2 using 1:2:(" + w + ") with boxes lc rgb 'steelblue' title 'drawn', "
            "$DATA index 3 using 1:2 with lines lw 2.5 lc rgb '#d62728' title " + quote(panel.expected_label) + "\n";
    body += "unset multiplot\n";
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
    // The band behind, the units over it, the mean last but thin and dashed: it never hides a unit.
    if (options.band && k > 0)
        parts.push_back("$DATA using 1:" + std::to_string(k + 3) + ":" + std::to_string(k + 4) +
                        " with filledcurves fs transparent solid 0.2 lc rgb 'steelblue' title 'min-max'");
    const std::size_t drawn = options.each ? k : std::min(options.few, k);
    for (std::size_t s = 0; s < drawn; ++s)
        parts.push_back("$DATA using 1:" + std::to_string(s + 2) + " with lines lw " + (options.each ? "1.5" : "1") +
                        colour(series[s].colour >= 0 ? static_cast<std::size_t>(series[s].colour) : s) +
                        (series[s].dash > 0 ? " dt " + std::to_string(series[s].dash) : std::string()) + " " +
                        (drawn <= 2 * trace_colours && series[s].in_key ? "title " + quote(series[s].label)
                                                                         : std::string("notitle")));
    if (options.mean && k > 0)
        parts.push_back("$DATA using 1:" + std::to_string(k + 2) + " with lines lw 2 dt 2 lc rgb 'black' title 'mean'");
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
