# Risk (Monte Carlo) and efn's own maximum flow. Included at the end of
# tests/CMakeLists.txt (after the ThreadSanitizer block, so that efn_tsan
# exists for risk_tsan):
#
#   include(risk.cmake)
#
# risk              hand-worked networks, reproducibility across workers,
#                   early stop, cancel, bad risk data (test_risk.c)
# maxflow           lib/maxflow.c against igraph on thousands of random
#                   networks (test_maxflow.c); links the static library,
#                   whose internal symbols the shared one hides
# *_valgrind        the same under valgrind (EFN_VALGRIND on, valgrind
#                   found, not an EFN_SANITIZE build); fewer samples
# risk_tsan         test_risk under ThreadSanitizer, when the efn_tsan
#                   library is defined before this file is included

find_package(Threads REQUIRED)

add_executable(test_risk ${CMAKE_CURRENT_SOURCE_DIR}/test_risk.c)
target_include_directories(test_risk PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(test_risk PRIVATE efn PkgConfig::IGRAPH PkgConfig::CJSON
                      m Threads::Threads)
target_compile_options(test_risk PRIVATE -Wall -Wextra -Werror)
add_test(NAME risk COMMAND test_risk ${EFN_TEST_DATA})

add_executable(test_maxflow ${CMAKE_CURRENT_SOURCE_DIR}/test_maxflow.c)
target_include_directories(test_maxflow PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                           ${PROJECT_SOURCE_DIR}/lib)
target_link_libraries(test_maxflow PRIVATE efn_static PkgConfig::IGRAPH
                      PkgConfig::CJSON m Threads::Threads)
target_compile_options(test_maxflow PRIVATE -Wall -Wextra -Werror)
add_test(NAME maxflow COMMAND test_maxflow)

if(EFN_VALGRIND AND VALGRIND AND NOT EFN_SANITIZE)
  add_test(NAME risk_valgrind
           COMMAND ${EFN_VALGRIND_CMD} $<TARGET_FILE:test_risk> ${EFN_TEST_DATA} --quick)
  add_test(NAME maxflow_valgrind
           COMMAND ${EFN_VALGRIND_CMD} $<TARGET_FILE:test_maxflow> --quick)
endif()

if(TARGET efn_tsan)
  add_executable(test_risk_tsan ${CMAKE_CURRENT_SOURCE_DIR}/test_risk.c)
  target_include_directories(test_risk_tsan PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_options(test_risk_tsan PRIVATE -fsanitize=thread -g -O1)
  target_link_options(test_risk_tsan PRIVATE -fsanitize=thread)
  target_link_libraries(test_risk_tsan PRIVATE efn_tsan Threads::Threads)
  add_test(NAME risk_tsan COMMAND test_risk_tsan ${EFN_TEST_DATA} --quick)
  set_tests_properties(risk_tsan PROPERTIES
    ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")
endif()

# mcf: lib/mcf.c (network simplex) against GLPK on random networks
add_executable(test_mcf ${CMAKE_CURRENT_SOURCE_DIR}/test_mcf.c)
target_include_directories(test_mcf PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                           ${PROJECT_SOURCE_DIR}/lib ${GLPK_INCLUDE_DIR})
target_link_libraries(test_mcf PRIVATE efn_static PkgConfig::IGRAPH
                      PkgConfig::CJSON ${GLPK_LIBRARY} m Threads::Threads)
target_compile_options(test_mcf PRIVATE -Wall -Wextra -Werror)
add_test(NAME mcf COMMAND test_mcf)
if(EFN_VALGRIND AND VALGRIND AND NOT EFN_SANITIZE)
  add_test(NAME mcf_valgrind
           COMMAND ${EFN_VALGRIND_CMD} $<TARGET_FILE:test_mcf> --quick)
endif()
