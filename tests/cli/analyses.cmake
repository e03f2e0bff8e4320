# Tests of the analysis commands of `efn` (flow, n1, timeline).
# Included from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
if(TARGET efn_cli)
  add_test(NAME cli_analyses
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli_analyses.sh
                   $<TARGET_FILE:efn_cli> ${PROJECT_SOURCE_DIR})
endif()
