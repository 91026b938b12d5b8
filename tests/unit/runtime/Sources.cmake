# Units of the runtime against real processes, sockets, HTTP servers and PostgreSQL servers.
# This file is included from tests/unit, hence the explicit source paths.

# Test support (temporary directories, free ports, a throwaway PostgreSQL) other test folders may
# link to as well.
add_library(drbook_runtime_test_support INTERFACE)
target_include_directories(drbook_runtime_test_support INTERFACE
  ${CMAKE_CURRENT_LIST_DIR}/support)
target_link_libraries(drbook_runtime_test_support INTERFACE drbook_runtime)

# cpp-httplib, for local servers in the http probe tests: a CMake package, a compiled library
# described by pkg-config, or a bare header.
find_package(httplib CONFIG QUIET)
if(TARGET httplib::httplib)
  set(DRBOOK_TEST_HTTPLIB httplib::httplib)
else()
  pkg_check_modules(DRBOOK_TEST_HTTPLIB_PC IMPORTED_TARGET cpp-httplib)
  if(DRBOOK_TEST_HTTPLIB_PC_FOUND)
    set(DRBOOK_TEST_HTTPLIB PkgConfig::DRBOOK_TEST_HTTPLIB_PC)
  else()
    find_path(DRBOOK_TEST_HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
    add_library(drbook_test_httplib INTERFACE)
    target_include_directories(drbook_test_httplib SYSTEM INTERFACE
      ${DRBOOK_TEST_HTTPLIB_INCLUDE_DIR})
    set(DRBOOK_TEST_HTTPLIB drbook_test_httplib)
  endif()
endif()

set(DRBOOK_RUNTIME_TESTS
  EncodingTest.cpp
  ShellTemplateTest.cpp
  RedactorTest.cpp
  ProcessRunnerTest.cpp
  JournalTest.cpp
  SigningTest.cpp
  HttpProbeTest.cpp
  ProbeTest.cpp
  SqlProbeTest.cpp)
list(TRANSFORM DRBOOK_RUNTIME_TESTS PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
drbook_unit_test(runtime_tests ${DRBOOK_RUNTIME_TESTS}
  LIBS drbook_runtime drbook_runtime_test_support ${DRBOOK_TEST_HTTPLIB})
