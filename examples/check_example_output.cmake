# Runs an embedding example on its guest and checks that its output shows every step, in order.
#   cmake -DPROGRAM=<embed-c|embed-cc> -DGUEST=<guest.wasm> -P check_example_output.cmake
execute_process(COMMAND ${PROGRAM} ${GUEST} OUTPUT_VARIABLE output ERROR_VARIABLE errors RESULT_VARIABLE status)
message("${output}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}:\n${errors}")
endif()

# checksum(10) = sum * 31 + (i*i + 1) over i < 10, computed in the guest through env.mix.
set(expected
  "checksum\\(10\\) = 1404623693 \\(env.mix called 10 times\\)"
  "average\\(10, 0\\) trapped: integer divide by zero\nwasm backtrace:\n"
  " 0: 0x[0-9a-f]+ - [^\n]*divide_evenly\n"
  " 1: 0x[0-9a-f]+ - [^\n]*mean_of\n"
  " 2: 0x[0-9a-f]+ - [^\n]*average\n"
  "average\\(10, 4\\) = 2\n"
  "spin_forever\\(\\) trapped: interrupted\nwasm backtrace:\n +0: 0x[0-9a-f]+ - [^\n]*spin_forever\n"
  "runaway loop interrupted by the epoch deadline\n"
  "collatz_steps\\(100\\) = 3142 using [0-9]+ of 1000000 fuel\n"
  "collatz_steps\\(100000\\) trapped: all fuel consumed\n"
  "fuel ran out before collatz_steps\\(100000\\) finished")
set(rest "${output}")
foreach(pattern IN LISTS expected)
  string(REGEX MATCH "${pattern}" found "${rest}")
  if(NOT found)
    message(FATAL_ERROR "output lacks (after the earlier steps): ${pattern}")
  endif()
  # Everything after this match: the next step must come later.
  string(FIND "${rest}" "${found}" at)
  string(LENGTH "${found}" length)
  math(EXPR after "${at} + ${length}")
  string(SUBSTRING "${rest}" ${after} -1 rest)
endforeach()
