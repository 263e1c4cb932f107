# Runs fuzz_decode_validate for ctest (cmake -P), from a fresh copy of the seeds in WORK_DIR.
#   -DFUZZER=path -DSUITE=dir -DREGRESSIONS=dir -DWORK_DIR=dir -DMODE=replay|short
#   [-DSECONDS=30] [-DDICT=wasm.dict]
# replay: every seed executed once (-runs=0). short: SECONDS of fuzzing that starts from them.
# Crash artifacts land in WORK_DIR/artifacts/.
foreach(var FUZZER SUITE REGRESSIONS WORK_DIR MODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_fuzzer.cmake: -D${var}=... is required")
  endif()
endforeach()

set(corpus ${WORK_DIR}/corpus)
set(artifacts ${WORK_DIR}/artifacts)
file(REMOVE_RECURSE ${corpus})
file(MAKE_DIRECTORY ${corpus} ${artifacts})

file(GLOB suite_seeds LIST_DIRECTORIES false ${SUITE}/*.wasm)
if(NOT suite_seeds)
  message(WARNING "run_fuzzer.cmake: no *.wasm seeds in ${SUITE} (set WASMPROF_SPEC_SUITE)")
endif()
file(GLOB regression_seeds LIST_DIRECTORIES false ${REGRESSIONS}/*)
list(FILTER regression_seeds EXCLUDE REGEX "/(README\\.md|\\.[^/]*)$")
if(suite_seeds)
  file(COPY ${suite_seeds} DESTINATION ${corpus})
endif()
# Prefixed, so a reproducer never shadows a suite file of the same name.
foreach(seed IN LISTS regression_seeds)
  get_filename_component(seed_name ${seed} NAME)
  file(COPY_FILE ${seed} ${corpus}/regression-${seed_name})
endforeach()
list(LENGTH suite_seeds suite_count)
list(LENGTH regression_seeds regression_count)
message(STATUS "seeds: ${suite_count} from the suite, ${regression_count} regressions")

set(args -artifact_prefix=${artifacts}/ -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
if(DEFINED DICT)
  list(APPEND args -dict=${DICT})
endif()
if(MODE STREQUAL "replay")
  list(APPEND args -runs=0)
elseif(MODE STREQUAL "short")
  if(NOT DEFINED SECONDS)
    set(SECONDS 30)
  endif()
  list(APPEND args -max_total_time=${SECONDS} -max_len=65536)
else()
  message(FATAL_ERROR "run_fuzzer.cmake: MODE must be replay or short, not '${MODE}'")
endif()

execute_process(COMMAND ${FUZZER} ${args} ${corpus} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "fuzz_decode_validate failed (${status}); reproducers, if any, are in ${artifacts}")
endif()
