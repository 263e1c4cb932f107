# libFuzzer targets and their two ctests (sanitizer build only, see tests/fuzz/):
#
#   wasmprof_add_fuzzer(<target> SOURCE <file.cc> LIBRARIES <lib>... SEEDS <dir> [SEED_GLOB <glob>]
#                       REGRESSIONS <dir> [DICT <file>] SECONDS <n> [SEED_STRIDE <n>]
#                       REPLAY_TEST <name> SHORT_TEST <name>)
#
# REPLAY_TEST executes every seed and kept reproducer once; SHORT_TEST fuzzes for SECONDS from
# a fresh copy of them (tests/fuzz/run_fuzzer.cmake). Any crash, leak or sanitizer report fails.
include_guard(GLOBAL)

function(wasmprof_add_fuzzer target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "SOURCE;SEEDS;SEED_GLOB;SEED_STRIDE;REGRESSIONS;DICT;SECONDS;REPLAY_TEST;SHORT_TEST"
                        "LIBRARIES")
  add_executable(${target} ${arg_SOURCE})
  target_link_libraries(${target} PRIVATE ${arg_LIBRARIES})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  set(args -DFUZZER=$<TARGET_FILE:${target}> -DSUITE=${arg_SEEDS} -DREGRESSIONS=${arg_REGRESSIONS})
  if(arg_SEED_GLOB)
    list(APPEND args -DSEED_GLOB=${arg_SEED_GLOB})
  endif()
  if(arg_SEED_STRIDE)
    list(APPEND args -DSEED_STRIDE=${arg_SEED_STRIDE})
  endif()
  set(runner ${CMAKE_SOURCE_DIR}/tests/fuzz/run_fuzzer.cmake)
  add_test(NAME ${arg_REPLAY_TEST}
    COMMAND ${CMAKE_COMMAND} ${args} -DMODE=replay -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/${target}-replay -P ${runner})
  set(short_args ${args} -DMODE=short -DSECONDS=${arg_SECONDS} -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/${target}-short)
  if(arg_DICT)
    list(APPEND short_args -DDICT=${arg_DICT})
  endif()
  add_test(NAME ${arg_SHORT_TEST} COMMAND ${CMAKE_COMMAND} ${short_args} -P ${runner})
  set_tests_properties(${arg_REPLAY_TEST} PROPERTIES LABELS fuzz TIMEOUT 600)
  set_tests_properties(${arg_SHORT_TEST} PROPERTIES LABELS fuzz TIMEOUT 300)
endfunction()
