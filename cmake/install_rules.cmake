# `cmake --install out`: the executable, the libraries, headers under include/neurowire/, the
# template library, and a CMake package: find_package(neurowire) → neurowire::neurowire.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS neurowire bench_runner RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

get_property(modules GLOBAL PROPERTY NEUROWIRE_MODULES)
add_library(neurowire_all INTERFACE)
target_link_libraries(neurowire_all INTERFACE ${modules})
set_target_properties(neurowire_all PROPERTIES EXPORT_NAME neurowire)
install(TARGETS neurowire_all ${modules} neurowire_warnings
        nw_armadillo nw_nanoflann nw_pcg nw_openmp nw_yaml nw_hdf5 nw_zip
        EXPORT neurowireTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
# Public headers only: a user includes <neurowire/connect/rules.hpp>. Sampler internals, parser
# internals (the only ones that name YAML types), HDF5 helpers and the kernel prelude stay private.
set(private_headers
  "*_detail.hpp" "yaml_util.hpp" "native_kernel_prelude.hpp" "text_util.hpp" "hdf5_util.hpp" "vector_clones.hpp"
  "sampler_*.hpp" "sonata_check_paths.hpp" "partner_draws.hpp" "partner_sorter.hpp" "problem.hpp" "fixed_degree.hpp" "pairwise.hpp")
set(exclude_args)
foreach(pattern ${private_headers})
  list(APPEND exclude_args PATTERN ${pattern} EXCLUDE)
endforeach()
foreach(dir core spatial connect sim build io spec app)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/neurowire/${dir}
          FILES_MATCHING PATTERN "*.hpp" ${exclude_args})
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/neurowire/templates)
install(EXPORT neurowireTargets NAMESPACE neurowire:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/neurowireConfig.cmake.in
  ${CMAKE_BINARY_DIR}/neurowireConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/neurowireConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/neurowireConfig.cmake ${CMAKE_BINARY_DIR}/neurowireConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
