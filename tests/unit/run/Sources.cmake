drbook_unit_test(drbook_run_tests
  run/RunTestSupport.cpp
  run/EvaluatorTest.cpp
  run/ParamsTest.cpp
  run/OperatorTest.cpp
  run/PlanPathsTest.cpp
  run/PlanFileTest.cpp
  LIBS drbook_run)
