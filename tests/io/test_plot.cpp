// Plots through gnuplot: each kind yields a PNG; a missing gnuplot is a clear error.
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "core/error.hpp"
#include "io/plot.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

bool is_png(const std::filesystem::path& file) {
    const std::string bytes = test::read_text(file);
    return bytes.size() > 100 && bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8);
}

io::PlotStyle style(const std::string& title) {
    io::PlotStyle s;
    s.title = title + " (with_underscore and 'quote')";
    s.xlabel = "t (ms)";
    s.ylabel = "unit";
    s.width = 400;
    s.height = 300;
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plot)

BOOST_AUTO_TEST_CASE(every_kind_makes_a_png) {
    if (!io::gnuplot_available()) {
        BOOST_TEST_MESSAGE("gnuplot not installed: plot test skipped");
        return;
    }
    TempDir dir;
    io::plot_raster(dir / "raster.png", {0.1, 0.2, 0.2, 0.9}, {0, 3, 1, 2}, style("raster"));
    BOOST_TEST(is_png(dir / "raster.png"));
    io::plot_raster(dir / "silent.png", {}, {}, style("no spikes"));
    BOOST_TEST(is_png(dir / "silent.png"));

    std::vector<double> t(100);
    std::vector<io::Series> series(3);
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = 0.1 * static_cast<double>(i);
        for (std::size_t s = 0; s < series.size(); ++s) series[s].y.push_back(std::sin(t[i] + static_cast<double>(s)));
    }
    for (std::size_t s = 0; s < series.size(); ++s) series[s].label = "unit_" + std::to_string(s);
    io::plot_traces(dir / "traces.png", t, series, style("traces"), {true, true, true});
    BOOST_TEST(is_png(dir / "traces.png"));

    // 20 series: colours run out at 16 and repeat dashed; with `each` off three are drawn over the band.
    std::vector<io::Series> many(20, series[0]);
    for (std::size_t s = 0; s < many.size(); ++s) many[s].label = "unit " + std::to_string(s);
    io::plot_traces(dir / "many.png", t, many, style("many traces"), {true, false, false, 0});
    BOOST_TEST(is_png(dir / "many.png"));
    io::plot_traces(dir / "band.png", t, many, style("band"), {false, true, true, 3});
    BOOST_TEST(is_png(dir / "band.png"));

    io::RasterPanel panel;
    panel.n_units = 4;
    panel.t_end = 1.0;
    panel.rate_t = {0.0, 0.5, 1.0};
    panel.rate = {2.0, 4.0, 4.0};
    panel.rate_label = "population rate (Hz)";
    io::plot_raster_with_rate(dir / "raster_rate.png", {0.1, 0.2, 0.2, 0.9}, {0, 3, 1, 2}, panel, style("raster and rate"));
    BOOST_TEST(is_png(dir / "raster_rate.png"));
    io::plot_raster_with_rate(dir / "silent_rate.png", {}, {}, io::RasterPanel{}, style("no spikes, no rate"));
    BOOST_TEST(is_png(dir / "silent_rate.png"));
    BOOST_CHECK_THROW(io::plot_raster_with_rate(dir / "x.png", {0.1}, {}, panel, style("bad")), std::logic_error);
    BOOST_TEST(!std::filesystem::exists(dir / "x.png"));

    io::plot_bars(dir / "bars.png", {3.0, 0.0, 7.5}, style("bars"));
    BOOST_TEST(is_png(dir / "bars.png"));

    io::ConnectomePanel c;
    c.source_x = {0.0, 1.0};
    c.source_y = {0.0, 1.0};
    c.target_x = {0.5, 0.2, 0.9};
    c.target_y = {0.5, 0.8, 0.1};
    c.chosen.push_back({0.0, 0.0, {0.5, 0.2}, {0.5, 0.8}});
    c.chosen.push_back({1.0, 1.0, {}, {}});   // a source without targets still draws
    c.bin_centres = {0.25, 0.75};
    c.observed = {1.2, 0.8};
    c.expected = {1.1, 0.9};
    c.expected_label = "kernel";
    io::plot_connectome(dir / "connectome.png", c, style("connectome"));
    BOOST_TEST(is_png(dir / "connectome.png"));

    io::plot_histogram(dir / "hist.png", {1, 2, 2, 3, 3, 3, 4.5}, 5, style("histogram"));
    BOOST_TEST(is_png(dir / "hist.png"));

    io::plot_loglog(dir / "scaling.png",
                    {{"ours", {1e3, 1e4, 1e5}, {0.01, 0.1, 1.0}}, {"empty", {}, {}}, {"peer", {1e3, 1e4}, {0.1, 2.0}}},
                    style("scaling"));
    BOOST_TEST(is_png(dir / "scaling.png"));
    BOOST_TEST(dir.entries().size() == 11u);   // the 11 PNGs, no temporaries left
}

BOOST_AUTO_TEST_CASE(missing_gnuplot_is_a_clear_error) {
    TempDir dir;
    auto s = style("x");
    s.gnuplot = "/nonexistent/gnuplot";
    BOOST_TEST(!io::gnuplot_available(s.gnuplot));
    BOOST_CHECK_EXCEPTION(io::plot_histogram(dir / "h.png", {1, 2}, 2, s), error, [](const error& e) {
        return std::string(e.what()).find("gnuplot") != std::string::npos;
    });
    BOOST_TEST(dir.entries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
