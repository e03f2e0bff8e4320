# Tests of `efn trace`, `efn depend`, `efn owners` and `efn timeline depend`.
# Included from tests/CMakeLists.txt, so CMAKE_CURRENT_SOURCE_DIR is tests/.
if(TARGET efn_cli)
  add_test(NAME cli_depend
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cli_depend.sh
                   $<TARGET_FILE:efn_cli> ${PROJECT_SOURCE_DIR})
endif()
