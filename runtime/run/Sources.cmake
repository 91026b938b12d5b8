# drbook_run: the interpreter — evaluating typed expressions, running probes and actions,
# walking the verified step graph, the operator's questions, and the proof directory a run
# leaves behind; also `drbook plan`'s paths.
# drbook_values: evaluating typed expressions and reading param values, which need nothing
# of the interpreter; `drbookc render` fills commands with them exactly as a run does.
drbook_library(drbook_values run/Evaluator.cpp run/ParamValues.cpp)
target_include_directories(drbook_values PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(drbook_values PUBLIC drbook_sema drbook_basic nlohmann_json::nlohmann_json)

drbook_library(drbook_run
  run/Params.cpp
  run/Program.cpp
  run/PlanFile.cpp
  run/ProbeExec.cpp
  run/Operator.cpp
  run/QuestionQueue.cpp
  run/AnswersCheck.cpp
  run/Display.cpp
  run/Interpreter.cpp
  run/Steps.cpp
  run/Actions.cpp
  run/Captures.cpp
  run/Hosts.cpp
  run/Ask.cpp
  run/RunCommand.cpp
  run/Interrupt.cpp
  run/Proof.cpp
  run/ProofMarkdown.cpp
  run/PlanPaths.cpp
  run/Counterexample.cpp
  run/Recap.cpp
  run/EventStream.cpp
  run/Watch.cpp
  run/ConsolePlan.cpp)
target_include_directories(drbook_run PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
target_link_libraries(drbook_run PUBLIC drbook_values drbook_runtime drbook_driver drbook_graph drbook_sema
                      PRIVATE drbook_serve drbook_report)
