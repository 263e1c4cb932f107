# Has the GuestProfiler test write a profile with host-call frames and markers, then runs the
# static format checker on it (--strict: warnings fail).
execute_process(COMMAND ${CMAKE_COMMAND} -E env WASMPROF_HOST_PROFILE_OUT=${OUT}
                        ${TESTS} --gtest_filter=GuestProfiler.HostCallsBecomeMarkersAndTheirTicksHostFrames
                RESULT_VARIABLE ran TIMEOUT 120)
if(NOT ran EQUAL 0)
  message(FATAL_ERROR "the GuestProfiler test failed (${ran})")
endif()
execute_process(COMMAND ${PYTHON} ${VALIDATE} --strict ${OUT} RESULT_VARIABLE valid TIMEOUT 120)
if(NOT valid EQUAL 0)
  message(FATAL_ERROR "validate.py rejected ${OUT} (${valid})")
endif()
