# Each external dependency is found and wrapped here, once, as an INTERFACE target nw::<name>.
# The algorithmic core (spatial, connect, sim) links only armadillo, nanoflann, pcg and openmp.

find_package(Armadillo REQUIRED)            # Debian: variables, not a target
add_library(nw_armadillo INTERFACE)
target_include_directories(nw_armadillo SYSTEM INTERFACE ${ARMADILLO_INCLUDE_DIRS})
target_link_libraries(nw_armadillo INTERFACE ${ARMADILLO_LIBRARIES})
# We validate at the boundary; Armadillo's per-access checks would only slow hot loops.
target_compile_definitions(nw_armadillo INTERFACE ARMA_NO_DEBUG)
add_library(nw::armadillo ALIAS nw_armadillo)

find_package(nanoflann REQUIRED)             # 1.4.3 on Debian 12
add_library(nw_nanoflann INTERFACE)
target_link_libraries(nw_nanoflann INTERFACE nanoflann::nanoflann)
add_library(nw::nanoflann ALIAS nw_nanoflann)

find_path(PCG_INCLUDE_DIR pcg_random.hpp REQUIRED)   # header-only, no CMake package
add_library(nw_pcg INTERFACE)
target_include_directories(nw_pcg SYSTEM INTERFACE ${PCG_INCLUDE_DIR})
add_library(nw::pcg ALIAS nw_pcg)

find_package(OpenMP REQUIRED)
add_library(nw_openmp INTERFACE)
target_link_libraries(nw_openmp INTERFACE OpenMP::OpenMP_CXX)
add_library(nw::openmp ALIAS nw_openmp)

find_package(yaml-cpp REQUIRED)
add_library(nw_yaml INTERFACE)
if(TARGET yaml-cpp::yaml-cpp)
  target_link_libraries(nw_yaml INTERFACE yaml-cpp::yaml-cpp)
else()
  target_link_libraries(nw_yaml INTERFACE yaml-cpp)
endif()
add_library(nw::yaml ALIAS nw_yaml)

find_package(HDF5 REQUIRED COMPONENTS C)
add_library(nw_hdf5 INTERFACE)
target_include_directories(nw_hdf5 SYSTEM INTERFACE ${HDF5_INCLUDE_DIRS})
target_link_libraries(nw_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
target_compile_definitions(nw_hdf5 INTERFACE ${HDF5_DEFINITIONS})
add_library(nw::hdf5 ALIAS nw_hdf5)

# Debian 12's libzip CMake package references tools of another package (libzip-tools): use pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBZIP REQUIRED libzip)
add_library(nw_zip INTERFACE)
target_include_directories(nw_zip SYSTEM INTERFACE ${LIBZIP_INCLUDE_DIRS})
target_link_libraries(nw_zip INTERFACE ${LIBZIP_LINK_LIBRARIES})
add_library(nw::zip ALIAS nw_zip)
# zlib directly: CRC-32 of streamed .npz members (io/npz_stream.hpp).
find_package(ZLIB REQUIRED)

find_package(CLI11 REQUIRED)
add_library(nw_cli11 INTERFACE)
target_link_libraries(nw_cli11 INTERFACE CLI11::CLI11)
add_library(nw::cli11 ALIAS nw_cli11)

find_package(Boost REQUIRED COMPONENTS unit_test_framework)
add_library(nw_boost_test INTERFACE)
target_link_libraries(nw_boost_test INTERFACE Boost::unit_test_framework)
target_compile_definitions(nw_boost_test INTERFACE BOOST_TEST_DYN_LINK)
add_library(nw::boost_test ALIAS nw_boost_test)

find_program(NEUROWIRE_SYSTEM_PYTHON /usr/bin/python3)  # Debian's python3 packages live only there
find_program(NEUROWIRE_GNUPLOT gnuplot)
