# Units of the syntax library through its public entry point, syntax::parseModule: literals,
# string interpolation, names, locations and error recovery.
drbook_unit_test(drbook_syntax_tests syntax/SyntaxTestUtil.cpp syntax/LiteralsTest.cpp
                 syntax/StringsTest.cpp syntax/RecoveryTest.cpp syntax/ProbeKindsTest.cpp
                 LIBS drbook_driver)

# The generated parser's base classes (grammar/ParserBase.h) against the ANTLR runtime's own
# accessors, over every example runbook.
drbook_unit_test(drbook_parser_base_tests syntax/ParserBaseTest.cpp LIBS drbook_grammar)
target_compile_definitions(drbook_parser_base_tests
                           PRIVATE DRBOOK_TEST_EXAMPLES="${PROJECT_SOURCE_DIR}/examples")

# The hand-written lexer against the generated one: the same tokens for every runbook of the
# repository, random runbooks and mutants of them.
drbook_unit_test(drbook_lexer_diff_tests syntax/LexerDiffTest.cpp verify/RandomRunbooks.cpp
                 LIBS drbook_syntax drbook_grammar)
target_compile_definitions(drbook_lexer_diff_tests PRIVATE DRBOOK_TEST_ROOT="${PROJECT_SOURCE_DIR}")
