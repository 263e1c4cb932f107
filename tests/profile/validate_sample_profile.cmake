# Writes the sample profile and runs the static format checker on it (--strict: warnings fail).
execute_process(COMMAND ${WRITER} ${OUT} RESULT_VARIABLE written TIMEOUT 120)
if(NOT written EQUAL 0)
  message(FATAL_ERROR "write_sample_profile failed (${written})")
endif()
execute_process(COMMAND ${PYTHON} ${VALIDATE} --strict ${OUT} RESULT_VARIABLE valid TIMEOUT 120)
if(NOT valid EQUAL 0)
  message(FATAL_ERROR "validate.py rejected ${OUT} (${valid})")
endif()
