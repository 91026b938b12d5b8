# The step graph: lowering the typed AST, and the plan file written from it.
drbook_library(drbook_graph
  graph/Graph.cpp
  graph/IntervalSet.cpp
  graph/Exhaustiveness.cpp
  graph/LowerPredicates.cpp
  graph/LowerActions.cpp
  graph/LowerSteps.cpp
  graph/LowerDecide.cpp
  graph/LowerRunVars.cpp
  graph/LowerRouting.cpp
  graph/LowerRunbook.cpp
  graph/LowerCaptures.cpp
  graph/LowerEach.cpp
  graph/LowerCleanup.cpp
  graph/LowerCalls.cpp
  graph/GraphDump.cpp
  graph/PlanWriter.cpp
  graph/PlanDigest.cpp
)
target_link_libraries(drbook_graph PUBLIC drbook_ast PRIVATE drbook_syntax)
find_package(nlohmann_json REQUIRED)
target_link_libraries(drbook_graph PUBLIC nlohmann_json::nlohmann_json)
