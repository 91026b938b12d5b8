drbook_library(drbook_sema sema/Sema.cpp sema/Imports.cpp sema/Declare.cpp sema/Resolve.cpp
               sema/ExprChecker.cpp sema/ExprOperators.cpp sema/TypeCheck.cpp
               sema/TypeRules.cpp sema/Procedures.cpp sema/Arguments.cpp sema/Secrets.cpp sema/Commands.cpp
               sema/ModuleCache.cpp sema/Captures.cpp)
target_link_libraries(drbook_sema PUBLIC drbook_syntax)
