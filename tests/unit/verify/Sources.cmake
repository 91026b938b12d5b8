drbook_unit_test(drbook_verify_tests
  verify/RandomGraphs.cpp
  verify/RandomRunbooks.cpp
  verify/BruteForce.cpp
  verify/Agreement.cpp
  verify/OracleTest.cpp
  verify/RunbookOracleTest.cpp
  LIBS drbook_verify drbook_driver)

# The same random runbooks as files, for the lit test that dry-runs every clean one.
add_executable(drbook-random-runbook verify/RandomRunbookMain.cpp verify/RandomRunbooks.cpp)
target_link_libraries(drbook-random-runbook PRIVATE drbook_warnings)
set_target_properties(drbook-random-runbook PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
