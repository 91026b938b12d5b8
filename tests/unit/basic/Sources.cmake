# Units of the basic library: text, patterns and paths every phase uses.
drbook_unit_test(basic_tests ${CMAKE_CURRENT_LIST_DIR}/JsonPathTest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/PatternTest.cpp LIBS drbook_basic)
