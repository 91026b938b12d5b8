# Units of the importer: how it reads Markdown (cmark underneath) and what its words mean.
drbook_unit_test(drbook_import_tests import/MarkdownTest.cpp import/ImportWordsTest.cpp
                 import/ImportProgramTest.cpp LIBS drbook_import drbook_driver)
target_include_directories(drbook_import_tests PRIVATE ${PROJECT_SOURCE_DIR}/compiler/import)
