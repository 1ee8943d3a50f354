# `cmake --install out`: the executable, the libraries, headers under include/neurowire/, the
# template library, and a CMake package: find_package(neurowire) → neurowire::neurowire.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS neurowire RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

get_property(modules GLOBAL PROPERTY NEUROWIRE_MODULES)
add_library(neurowire_all INTERFACE)
target_link_libraries(neurowire_all INTERFACE ${modules})
set_target_properties(neurowire_all PROPERTIES EXPORT_NAME neurowire)
install(TARGETS neurowire_all ${modules} neurowire_warnings
        nw_armadillo nw_nanoflann nw_pcg nw_openmp nw_yaml nw_hdf5 nw_zip
        EXPORT neurowireTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(dir core spatial connect sim build io spec app)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/neurowire/${dir}
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/templates/ DESTINATION ${CMAKE_INSTALL_DATADIR}/neurowire/templates)
install(EXPORT neurowireTargets NAMESPACE neurowire:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/neurowireConfig.cmake.in
  ${CMAKE_BINARY_DIR}/neurowireConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/neurowireConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/neurowireConfig.cmake ${CMAKE_BINARY_DIR}/neurowireConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/neurowire)
