drbook_unit_test(drbook_verify_tests
  verify/RandomGraphs.cpp
  verify/BruteForce.cpp
  verify/OracleTest.cpp
  LIBS drbook_verify)
