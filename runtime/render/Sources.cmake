# drbook_render: the operator's checklist (`drbookc render`), its commands filled by the
# interpreter's own interpolation (drbook_values) but nothing else of the interpreter.
drbook_library(drbook_render
  render/Checklist.cpp
  render/ChecklistSteps.cpp
  render/ChecklistActions.cpp
  render/ChecklistWriters.cpp)
target_include_directories(drbook_render PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(drbook_render PUBLIC drbook_values PRIVATE drbook_graph)
