# Units of the syntax library through its public entry point, syntax::parseModule: literals,
# string interpolation, names, locations and error recovery.
drbook_unit_test(drbook_syntax_tests syntax/SyntaxTestUtil.cpp syntax/LiteralsTest.cpp
                 syntax/StringsTest.cpp syntax/RecoveryTest.cpp
                 LIBS drbook_driver)
