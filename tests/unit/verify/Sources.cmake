drbook_unit_test(drbook_verify_tests
  verify/RandomGraphs.cpp
  verify/BruteForce.cpp
  verify/OracleTest.cpp
  verify/PerformanceTest.cpp
  LIBS drbook_verify)
