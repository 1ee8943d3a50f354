# neurowire_module(<name> PUBLIC_DEPS ... PRIVATE_DEPS ...)
# One library target per module folder, neurowire_<name>, from every .cpp under the folder.
# Headers sit next to the sources and are included from the repository root.
function(neurowire_module name)
  cmake_parse_arguments(M "" "" "PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target neurowire_${name})
  if(sources)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${NEUROWIRE_INCLUDE})
    target_link_libraries(${target} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_PRIVATE_DEPS} $<BUILD_INTERFACE:neurowire_warnings>)
    target_compile_features(${target} PUBLIC cxx_std_20)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${NEUROWIRE_INCLUDE})
    target_link_libraries(${target} INTERFACE ${M_PUBLIC_DEPS})
  endif()
  set_property(GLOBAL APPEND PROPERTY NEUROWIRE_MODULES ${target})
endfunction()

# neurowire_test_suite(<module> LIBS ...): tests/<module>/*.cpp → one Boost.Test executable
# test_<module>, registered with CTest (one CTest entry per executable).
function(neurowire_test_suite module)
  cmake_parse_arguments(T "" "" "LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_executable(test_${module} ${sources})
  set_target_properties(test_${module} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(test_${module} PRIVATE ${T_LIBS} nw::boost_test neurowire_warnings)
  target_compile_definitions(test_${module} PRIVATE
    NEUROWIRE_SOURCE_DIR="${CMAKE_SOURCE_DIR}" NEUROWIRE_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data")
  add_test(NAME ${module} COMMAND test_${module} --log_level=message --report_level=short
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  neurowire_test_environment(${module})
endfunction()

# Tests compile native kernels (sim/kernel_cache.hpp) into the build tree, not into $HOME.
function(neurowire_test_environment)
  set_tests_properties(${ARGN} PROPERTIES ENVIRONMENT "NEUROWIRE_KERNEL_CACHE=${CMAKE_BINARY_DIR}/kernel-cache")
endfunction()
