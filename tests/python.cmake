# Python tests of the efn package (bindings/python), with unittest.
# Included from tests/CMakeLists.txt:
#
#   include(${CMAKE_CURRENT_SOURCE_DIR}/python.cmake)
#
# Paths are relative to this file (CMAKE_CURRENT_LIST_DIR), so it works
# from wherever it is included.
#
# One CTest test per tests/python/test_*.py, named python_<module>, run with
# the `python3` first on PATH (or Python3_EXECUTABLE when the project found
# one), and each again as python_<module>_system with /usr/bin/python3 when
# that is another interpreter. The environment gives them the library and
# the command just built:
#   EFN_LIBRARY  $<TARGET_FILE:efn>
#   EFN_CLI      $<TARGET_FILE:efn_cli>
#   EFN_FLAGSHIP_C  the C flagship program (examples/east_west_corridor.c)
#   PYTHONPATH   bindings/python (the package, straight from the tree)
# and PYTHONDONTWRITEBYTECODE, so that no __pycache__ lands in the tree.
# The bundled network is found the package's own way: examples/data of the
# tree it sits in.
#
# In an EFN_SANITIZE build the library needs the ASan runtime loaded first:
# it is preloaded into the interpreter, with leak detection off (the
# interpreter itself keeps memory until exit); ASan still stops on any
# invalid access or double free.

if(DEFINED Python3_EXECUTABLE AND Python3_EXECUTABLE)
  set(EFN_PYTHON3 ${Python3_EXECUTABLE})
else()
  find_program(EFN_PYTHON3 NAMES python3)
endif()

if(NOT EFN_PYTHON3)
  message(STATUS "python3 not found: no Python tests")
  return()
endif()

set(EFN_PYTHON_INTERPRETERS ${EFN_PYTHON3})
if(EXISTS /usr/bin/python3)
  get_filename_component(_efn_sys_real /usr/bin/python3 REALPATH)
  # A pyenv shim resolves to a script, so compare what each one runs.
  execute_process(COMMAND ${EFN_PYTHON3} -c "import sys; print(sys.executable)"
                  OUTPUT_VARIABLE _efn_py_exe OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  get_filename_component(_efn_py_exe_real "${_efn_py_exe}" REALPATH)
  if(NOT _efn_py_exe_real STREQUAL _efn_sys_real)
    list(APPEND EFN_PYTHON_INTERPRETERS /usr/bin/python3)
  endif()
endif()

get_filename_component(EFN_PYTHON_PACKAGE_DIR
                       ${CMAKE_CURRENT_LIST_DIR}/../bindings/python ABSOLUTE)
set(EFN_PYTHON_ENV
  "EFN_LIBRARY=$<TARGET_FILE:efn>"
  "EFN_CLI=$<TARGET_FILE:efn_cli>"
  "PYTHONPATH=${EFN_PYTHON_PACKAGE_DIR}"
  "PYTHONDONTWRITEBYTECODE=1")

# The C flagship program, which examples/python/flagship.py reproduces.
if(TARGET east_west_corridor)
  list(APPEND EFN_PYTHON_ENV "EFN_FLAGSHIP_C=$<TARGET_FILE:east_west_corridor>")
endif()

if(EFN_SANITIZE)
  execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _efn_libasan OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(_efn_libasan AND EXISTS "${_efn_libasan}")
    list(APPEND EFN_PYTHON_ENV
      "LD_PRELOAD=${_efn_libasan}"
      "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0"
      "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
      "EFN_SANITIZED=1")
  else()
    message(STATUS "libasan not found: no Python tests in the sanitizer build")
    return()
  endif()
endif()

file(GLOB EFN_PYTHON_TESTS ${CMAKE_CURRENT_LIST_DIR}/python/test_*.py)
list(LENGTH EFN_PYTHON_INTERPRETERS _efn_npy)
math(EXPR _efn_last "${_efn_npy} - 1")
foreach(_efn_i RANGE ${_efn_last})
  list(GET EFN_PYTHON_INTERPRETERS ${_efn_i} _efn_py)
  if(_efn_i EQUAL 0)
    set(_efn_suffix "")
  else()
    set(_efn_suffix _system)
  endif()
  foreach(_efn_test ${EFN_PYTHON_TESTS})
    get_filename_component(_efn_module ${_efn_test} NAME_WE)
    string(REGEX REPLACE "^test_" "" _efn_name ${_efn_module})
    add_test(NAME python_${_efn_name}${_efn_suffix}
             COMMAND ${_efn_py} -m unittest -v ${_efn_module}
             WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/python)
    set_tests_properties(python_${_efn_name}${_efn_suffix} PROPERTIES
      ENVIRONMENT "${EFN_PYTHON_ENV}"
      LABELS python
      TIMEOUT 900)
  endforeach()
endforeach()
