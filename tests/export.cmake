# Exports (tests/test_export.c). Included from tests/CMakeLists.txt:
#
#   include(${CMAKE_CURRENT_SOURCE_DIR}/export.cmake)
#
# export               GeoJSON, GraphML (read back with igraph), DOT, CSV,
#                      error paths (test_export)
# export_valgrind      the same under valgrind
# export_locale        again under a decimal-comma locale (needs the
#                      de_locale fixture of tests/CMakeLists.txt)
# export_faults        every allocation of every export fails in turn
#                      (static library: its fault injector)
# export_faults_valgrind  the same under valgrind
#
# Valgrind variants run when EFN_VALGRIND is on, valgrind was found and this
# is not an EFN_SANITIZE build (ASan and valgrind do not mix).

set(EFN_EXPORT_TEST_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data)
if(NOT DEFINED VALGRIND)
  find_program(VALGRIND valgrind)
endif()
set(EFN_EXPORT_VALGRIND_CMD ${VALGRIND} --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --quiet)

add_executable(test_export ${CMAKE_CURRENT_SOURCE_DIR}/test_export.c)
target_link_libraries(test_export PRIVATE efn PkgConfig::IGRAPH PkgConfig::CJSON m)
target_compile_options(test_export PRIVATE -Wall -Wextra -Werror)
add_test(NAME export COMMAND test_export ${EFN_EXPORT_TEST_DATA})

add_executable(test_export_faults ${CMAKE_CURRENT_SOURCE_DIR}/test_export.c)
target_compile_definitions(test_export_faults PRIVATE EFN_EXPORT_FAULTS)
target_link_libraries(test_export_faults PRIVATE efn_static PkgConfig::CJSON m)
target_compile_options(test_export_faults PRIVATE -Wall -Wextra -Werror)
add_test(NAME export_faults COMMAND test_export_faults ${EFN_EXPORT_TEST_DATA})

if(EFN_VALGRIND AND VALGRIND AND NOT EFN_SANITIZE)
  add_test(NAME export_valgrind
           COMMAND ${EFN_EXPORT_VALGRIND_CMD} $<TARGET_FILE:test_export>
                   ${EFN_EXPORT_TEST_DATA})
  add_test(NAME export_faults_valgrind
           COMMAND ${EFN_EXPORT_VALGRIND_CMD} $<TARGET_FILE:test_export_faults>
                   ${EFN_EXPORT_TEST_DATA})
endif()

if(LOCALEDEF)
  add_test(NAME export_locale COMMAND test_export ${EFN_EXPORT_TEST_DATA})
  set_tests_properties(export_locale PROPERTIES FIXTURES_REQUIRED de_locale
    ENVIRONMENT "LOCPATH=${CMAKE_CURRENT_BINARY_DIR}/locale;EFN_REQUIRE_LOCALE=1")
endif()
