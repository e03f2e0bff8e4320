# The bad-input corpus (tests/bad) and the `efn` command's tests
# (tests/cli). Included from tests/CMakeLists.txt:
#
#   include(bad.cmake)
#
# bad_input           every broken file and scenario fails with the expected
#                     path and message (test_bad_input.c)
# bad_input_valgrind  the same under valgrind (EFN_VALGRIND on, valgrind
#                     found, and not an EFN_SANITIZE build: ASan and valgrind
#                     do not mix)
# cli                 exit codes and messages of `efn` (cli/test_cli.sh)

add_executable(test_bad_input ${CMAKE_CURRENT_SOURCE_DIR}/test_bad_input.c)
target_include_directories(test_bad_input PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_bad_input PRIVATE efn m)
if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(test_bad_input PRIVATE -Wall -Wextra -Werror)
endif()

add_test(NAME bad_input
         COMMAND test_bad_input ${CMAKE_CURRENT_SOURCE_DIR}/bad)

add_test(NAME cli
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli.sh
                 $<TARGET_FILE:efn_cli> ${PROJECT_SOURCE_DIR})

if(EFN_VALGRIND AND NOT EFN_SANITIZE)
  find_program(EFN_VALGRIND_PROGRAM valgrind)
  if(EFN_VALGRIND_PROGRAM)
    add_test(NAME bad_input_valgrind
             COMMAND ${EFN_VALGRIND_PROGRAM} --error-exitcode=99
                     --leak-check=full
                     --errors-for-leak-kinds=definite,indirect
                     $<TARGET_FILE:test_bad_input>
                     ${CMAKE_CURRENT_SOURCE_DIR}/bad)
  else()
    message(STATUS "valgrind not found: no bad_input_valgrind test")
  endif()
endif()
