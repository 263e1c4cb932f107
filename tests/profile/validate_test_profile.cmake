# Has one test of a gtest binary write the profile it made (to the path in the environment
# variable ENV_VAR), then runs the static format checker on it (--strict: warnings fail).
#   cmake -DTESTS=<binary> -DFILTER=<gtest filter> -DENV_VAR=<name> -DOUT=<json>
#         -DPYTHON=<python3> -DVALIDATE=<validate.py> -P validate_test_profile.cmake
file(REMOVE ${OUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ENV_VAR}=${OUT} ${TESTS} --gtest_filter=${FILTER}
                RESULT_VARIABLE ran TIMEOUT 120)
if(NOT ran EQUAL 0)
  message(FATAL_ERROR "${FILTER} failed (${ran})")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "${FILTER} wrote no profile to ${OUT}")
endif()
execute_process(COMMAND ${PYTHON} ${VALIDATE} --strict ${OUT} RESULT_VARIABLE valid TIMEOUT 120)
if(NOT valid EQUAL 0)
  message(FATAL_ERROR "validate.py rejected ${OUT} (${valid})")
endif()
