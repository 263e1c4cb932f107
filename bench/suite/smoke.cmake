# ctest bench_suite_smoke (cmake -P): for every program of the manifest, runs <program>-native and
# wasmprof_run on <program>.wasm with the program's smoke_n, on the interpreter and on the compiling
# tier, each calling run(n) twice, and fails unless all six checksums are the same. Timing is
# printed for information only.
#   -DMANIFEST=programs.txt -DSUITE_DIR=<build>/bench/suite -DWASMPROF_RUN=<path>

foreach(var MANIFEST SUITE_DIR WASMPROF_RUN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "smoke.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS ${MANIFEST} lines REGEX "^[a-z0-9_]+ ")
set(failures "")
set(count 0)
foreach(line IN LISTS lines)
  string(REGEX MATCH "^([a-z0-9_]+) +([0-9]+) +([0-9]+)" _ "${line}")
  set(program ${CMAKE_MATCH_1})
  set(n ${CMAKE_MATCH_3})
  math(EXPR count "${count} + 1")

  execute_process(COMMAND ${SUITE_DIR}/${program}-native ${n} 2
                  RESULT_VARIABLE native_rc OUTPUT_VARIABLE native_out ERROR_VARIABLE native_err)
  execute_process(COMMAND ${WASMPROF_RUN} ${SUITE_DIR}/suite_${program}.wasm ${n} --repeat 2
                  RESULT_VARIABLE wasm_rc OUTPUT_VARIABLE wasm_out ERROR_VARIABLE wasm_err)
  execute_process(COMMAND ${WASMPROF_RUN} ${SUITE_DIR}/suite_${program}.wasm ${n} --repeat 2 --strategy compiled
                  RESULT_VARIABLE compiled_rc OUTPUT_VARIABLE compiled_out ERROR_VARIABLE compiled_err)
  string(REGEX MATCHALL "checksum=0x[0-9a-f]+" native_sums "${native_out}")
  string(REGEX MATCHALL "checksum=0x[0-9a-f]+" wasm_sums "${wasm_out}")
  string(REGEX MATCHALL "checksum=0x[0-9a-f]+" compiled_sums "${compiled_out}")
  list(APPEND native_sums ${wasm_sums} ${compiled_sums})
  list(REMOVE_DUPLICATES native_sums)
  list(LENGTH native_sums distinct)

  if(NOT native_rc EQUAL 0)
    list(APPEND failures "${program}: native run failed (${native_rc}): ${native_err}")
  elseif(NOT wasm_rc EQUAL 0)
    list(APPEND failures "${program}: wasmprof_run failed (${wasm_rc}): ${wasm_err}")
  elseif(NOT compiled_rc EQUAL 0)
    list(APPEND failures "${program}: wasmprof_run --strategy compiled failed (${compiled_rc}): ${compiled_err}")
  elseif(NOT distinct EQUAL 1 OR NOT wasm_sums OR NOT compiled_sums)
    string(REPLACE "\n" " | " native_out "${native_out}")
    string(REPLACE "\n" " | " wasm_out "${wasm_out}")
    string(REPLACE "\n" " | " compiled_out "${compiled_out}")
    list(APPEND failures "${program} run(${n}): checksums differ: native [${native_out}] wasmprof [${wasm_out}] compiled [${compiled_out}]")
  else()
    message(STATUS "${program} run(${n}): ${native_sums} on all three")
  endif()
endforeach()

if(count LESS 8)
  list(APPEND failures "the manifest lists only ${count} programs")
endif()
if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "bench_suite_smoke:\n  ${text}")
endif()
message(STATUS "bench_suite_smoke: ${count} programs agree")
