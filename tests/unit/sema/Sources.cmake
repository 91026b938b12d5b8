drbook_unit_test(drbook_sema_tests sema/TypeRulesTest.cpp sema/ResolveTest.cpp
                 sema/ImportsTest.cpp sema/SemaTestUtil.cpp
                 LIBS drbook_driver)
