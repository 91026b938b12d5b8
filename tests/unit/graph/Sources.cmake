drbook_unit_test(drbook_graph_tests
  graph/ExhaustivenessTest.cpp
  graph/LowerTest.cpp
  LIBS drbook_driver)
target_include_directories(drbook_graph_tests PRIVATE ${CMAKE_SOURCE_DIR}/compiler/graph)
