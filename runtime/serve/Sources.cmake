# drbook_serve: the live console of `drbook run --serve`, one page compiled into drbook
# (runtime/serve/page/: no CDN, nothing to install beside the binary) and a cpp-httplib
# server that streams the journal to it.
set(DRBOOK_PAGE_FILES ${CMAKE_CURRENT_LIST_DIR}/page/index.html
                      ${CMAKE_CURRENT_LIST_DIR}/page/console.js
                      ${CMAKE_CURRENT_LIST_DIR}/page/console.css)
set(DRBOOK_PAGE_INC ${CMAKE_CURRENT_BINARY_DIR}/serve/PageFiles.inc)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_command(
  OUTPUT ${DRBOOK_PAGE_INC}
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/embed.py ${DRBOOK_PAGE_INC}
          ${DRBOOK_PAGE_FILES}
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/embed.py ${DRBOOK_PAGE_FILES}
  COMMENT "Compiling the live console's page into drbook")
drbook_library(drbook_serve serve/LiveConsole.cpp ${DRBOOK_PAGE_INC})
target_include_directories(drbook_serve PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                           PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/serve)
target_link_libraries(drbook_serve PUBLIC drbook_basic PRIVATE drbook_httplib PkgConfig::SODIUM
                      Threads::Threads)
