# Units of the runtime against real processes, sockets, HTTP servers and PostgreSQL servers.
# This file is included from tests/unit, hence the explicit source paths.

# Test support (temporary directories, free ports, a throwaway PostgreSQL) other test folders may
# link to as well.
add_library(drbook_runtime_test_support INTERFACE)
target_include_directories(drbook_runtime_test_support INTERFACE
  ${CMAKE_CURRENT_LIST_DIR}/support)
target_link_libraries(drbook_runtime_test_support INTERFACE drbook_runtime)

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
  LIBS drbook_runtime drbook_runtime_test_support drbook_httplib)
