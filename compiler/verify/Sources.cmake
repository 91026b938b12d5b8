# The verifier: every property of the step graph, and the rule table.
drbook_library(drbook_verify
  verify/Flow.cpp
  verify/Search.cpp
  verify/Describe.cpp
  verify/Requires.cpp
  verify/Invariants.cpp
  verify/PhaseOrder.cpp
  verify/Validation.cpp
  verify/Destructive.cpp
  verify/Exhaustive.cpp
  verify/Budget.cpp
  verify/Reachability.cpp
  verify/Branches.cpp
  verify/Races.cpp
  verify/CapturedValues.cpp
  verify/Declarations.cpp
  verify/Verifier.cpp
)
target_link_libraries(drbook_verify PUBLIC drbook_graph)

# The output formats `drbookc check` writes (kept beside the rule table they describe).
include(${CMAKE_CURRENT_SOURCE_DIR}/report/Sources.cmake)
