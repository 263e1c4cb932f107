# Writes the sample profile with the call tree it must produce, loads it in the real Firefox
# Profiler frontend (check.sh: headless Chromium, offline) and fails unless the frontend shows
# exactly that call tree.
execute_process(COMMAND ${WRITER} --expect ${OUT}.expect ${OUT} RESULT_VARIABLE written TIMEOUT 120)
if(NOT written EQUAL 0)
  message(FATAL_ERROR "write_sample_profile failed (${written})")
endif()
execute_process(COMMAND ${CHECK} ${OUT} --expect ${OUT}.expect --quiet RESULT_VARIABLE loaded TIMEOUT 170)
if(NOT loaded EQUAL 0)
  message(FATAL_ERROR "the Firefox Profiler frontend did not show ${OUT} as expected (check.sh: ${loaded})")
endif()
