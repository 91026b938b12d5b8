drbook_library(drbook_driver driver/Compilation.cpp)
target_link_libraries(drbook_driver PUBLIC drbook_syntax drbook_sema drbook_graph drbook_verify)
target_compile_definitions(drbook_driver PRIVATE DRBOOK_SOURCE_STDLIB="${DRBOOK_STDLIB_DIR}")
