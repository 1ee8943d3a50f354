// SONATA files altered as an attacker would: an attribute that should hold one string holding an
// array of them (inspect wrote past a std::string), a chunked dataset declaring 10^9 values
// over chunks never written (8 GB allocated before anything was read). Both refused with a
// file_error naming the file and the dataset or attribute.
#include <boost/test/unit_test.hpp>

#include <hdf5.h>

#include <string>

#include "core/error.hpp"
#include "io/connectome_files.hpp"
#include "io/sonata.hpp"
#include "temp_dir.hpp"

using namespace neurowire;
using test::TempDir;

namespace {

std::filesystem::path small_edges(const TempDir& dir) {
    const auto folder = io::write_sonata(dir.path, {{"a", 4}, {"b", 3}}, {{"a_to_b", "a", "b", test::small_connectome()}});
    return folder / "edges.h5";
}

// Replaces attribute node_population of dataset `dataset` by an array of three strings.
void make_population_an_array(const std::filesystem::path& file, const char* dataset) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    BOOST_REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    BOOST_REQUIRE(H5Adelete(d, "node_population") >= 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hsize_t n = 3;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t attr = H5Acreate2(d, "node_population", type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* values[3] = {"a", "b", "c"};
    BOOST_REQUIRE(H5Awrite(attr, type, values) >= 0);
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(d);
    H5Fclose(f);
}

// Replaces dataset `name` of `group` by a chunked one of 10^9 uint64 values, none written,
// keeping its node_population attribute.
void make_dataset_claim_a_billion(const std::filesystem::path& file, const char* group, const char* name) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    BOOST_REQUIRE(f >= 0);
    const hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    BOOST_REQUIRE(H5Ldelete(g, name, H5P_DEFAULT) >= 0);
    const hsize_t n = 1000000000, chunk = 1 << 16;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_INCR);
    const hid_t d = H5Dcreate2(g, name, H5T_STD_U64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    BOOST_REQUIRE(d >= 0);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hid_t scalar = H5Screate(H5S_SCALAR);
    const hid_t attr = H5Acreate2(d, "node_population", type, scalar, H5P_DEFAULT, H5P_DEFAULT);
    const char* value = "a";
    H5Awrite(attr, type, &value);
    H5Aclose(attr);
    H5Sclose(scalar);
    H5Tclose(type);
    H5Dclose(d);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Gclose(g);
    H5Fclose(f);
}

bool names(const file_error& e, const std::string& where, const std::string& problem) {
    const bool ok = e.where.find(where) != std::string::npos && e.problem.find(problem) != std::string::npos;
    if (!ok) BOOST_TEST_MESSAGE("error: " << e.what());
    return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sonata_hostile)

BOOST_AUTO_TEST_CASE(a_population_attribute_holding_an_array_of_strings_is_refused) {
    TempDir dir;
    const auto edges = small_edges(dir);
    make_population_an_array(edges, "/edges/a_to_b/source_node_id");
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(edges), file_error, [](const file_error& e) {
        return names(e, "source_node_id, attribute node_population", "expected one value, found an array of 3");
    });
}

BOOST_AUTO_TEST_CASE(a_chunked_dataset_claiming_more_than_the_file_stores_is_refused_before_allocating) {
    TempDir dir;
    const auto edges = small_edges(dir);
    make_dataset_claim_a_billion(edges, "/edges/a_to_b", "target_node_id");
    BOOST_CHECK_EXCEPTION(io::read_connectome_any(edges), file_error, [](const file_error& e) {
        return names(e, "target_node_id", "declares 1000000000 values");
    });
}

BOOST_AUTO_TEST_SUITE_END()
