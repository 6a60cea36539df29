# Runs one embedding sample on a fresh store and compares its output with expected_output.txt.
#   cmake -DPROGRAM=exe [-DSCRIPT=file.py] -DSTORE=dir -DEXPECTED=file -P run_sample.cmake
file(REMOVE_RECURSE "${STORE}")
if(SCRIPT)
  set(args "${SCRIPT}" "${STORE}")
else()
  set(args "${STORE}")
endif()
execute_process(COMMAND "${PROGRAM}" ${args}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(REMOVE_RECURSE "${STORE}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sample failed (${rc}):\n${out}\n${err}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "sample output differs.\n--- got:\n${out}--- expected:\n${expected}${err}")
endif()
message(STATUS "output matches ${EXPECTED}")
