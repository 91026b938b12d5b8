# Diagnostics of many files as JSON, SARIF 2.1.0 and GitHub annotations.
drbook_library(drbook_report
  report/Locations.cpp
  report/Json.cpp
  report/Sarif.cpp
  report/Github.cpp
  report/GraphExport.cpp
  report/GraphSvg.cpp
  report/RunbookDiff.cpp
)
find_package(nlohmann_json REQUIRED)
target_link_libraries(drbook_report PUBLIC drbook_verify PRIVATE nlohmann_json::nlohmann_json)
