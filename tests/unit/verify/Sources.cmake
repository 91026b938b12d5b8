drbook_unit_test(drbook_verify_tests
  verify/RandomGraphs.cpp
  verify/RandomRunbooks.cpp
  verify/BruteForce.cpp
  verify/Agreement.cpp
  verify/OracleTest.cpp
  verify/RunbookOracleTest.cpp
  LIBS drbook_verify drbook_driver)
