# The interpreter benchmark suite (bench/suite/, see bench/suite/README.md): C guest programs,
# each compiled both to wasm32-wasi (exporting `int run(int n)`, importing nothing) and natively
# with the same clang and the same flags, plus wasmprof_run, which runs a guest on the
# interpreter. bench/suite/run.py times them against native code and node; ctest only checks
# that the interpreter and native code agree on every checksum (bench_suite_smoke).
#
# Outputs, all in ${CMAKE_BINARY_DIR}/bench/suite: <program>.wasm, <program>-native and
# wasmprof_run. Included from bench/CMakeLists.txt.

set(bench_suite_src ${CMAKE_CURRENT_LIST_DIR}/suite)
set(bench_suite_out ${CMAKE_BINARY_DIR}/bench/suite)

# Program names from the manifest (comment lines start with #).
file(STRINGS ${bench_suite_src}/programs.txt bench_suite_lines REGEX "^[a-z0-9_]+ ")
set(bench_suite_programs "")
foreach(bench_suite_line IN LISTS bench_suite_lines)
  string(REGEX MATCH "^[a-z0-9_]+" bench_suite_name "${bench_suite_line}")
  list(APPEND bench_suite_programs ${bench_suite_name})
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${bench_suite_src}/programs.txt)

# The flags both builds share; the wasm side adds --target=wasm32-wasi (wasmprof_add_guest adds
# -Wall -Wextra to it as well). The native side is compiled by the same clang as a plain custom
# command, so neither the build type nor the sanitizers of the host build reach it.
# -ffp-contract=off: by default clang turns `a + b * c` into llvm.fmuladd, which is rounded once
# when the optimiser folds it at compile time and twice when it runs (neither x86-64 without
# -march nor wasm has FMA), so a checksum would depend on what got constant-folded; nbody's
# initial conditions did, at -O1 against -O2. It costs nothing at run time on either target.
set(bench_suite_opt -O2)
set(bench_suite_warnings -Wall -Wextra)
set(bench_suite_flags -ffp-contract=off)

# Native driver object, shared by every program.
set(bench_suite_native_objects ${CMAKE_CURRENT_BINARY_DIR}/suite-native-objects)
set(bench_suite_main_obj ${bench_suite_native_objects}/native_main.c.o)
add_custom_command(
  OUTPUT ${bench_suite_main_obj}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${bench_suite_native_objects}
  COMMAND ${WASMPROF_WASM_CLANG} ${bench_suite_opt} ${bench_suite_warnings} ${bench_suite_flags}
          -MD -MF ${bench_suite_main_obj}.d -c ${bench_suite_src}/native_main.c -o ${bench_suite_main_obj}
  DEPENDS ${bench_suite_src}/native_main.c
  DEPFILE ${bench_suite_main_obj}.d
  COMMENT "Compiling native benchmark driver native_main.c"
  VERBATIM COMMAND_EXPAND_LISTS)

set(bench_suite_native_exes "")
foreach(bench_suite_program IN LISTS bench_suite_programs)
  set(bench_suite_c ${bench_suite_src}/${bench_suite_program}.c)

  # wasm32-wasi: a reactor-like module with no entry point, exporting only `run` (and memory).
  wasmprof_add_guest(suite_${bench_suite_program}
    SOURCES ${bench_suite_c}
    OPT_LEVEL ${bench_suite_opt}
    COMPILE_OPTIONS ${bench_suite_flags}
    OUTPUT_DIR ${bench_suite_out}
    LINK_OPTIONS -nostartfiles -Wl,--no-entry -Wl,--export=run)

  # Native: the same source, the same clang and flags, linked with native_main.c.
  set(bench_suite_obj ${bench_suite_native_objects}/${bench_suite_program}.c.o)
  set(bench_suite_exe ${bench_suite_out}/${bench_suite_program}-native)
  add_custom_command(
    OUTPUT ${bench_suite_obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${bench_suite_native_objects}
    COMMAND ${WASMPROF_WASM_CLANG} ${bench_suite_opt} ${bench_suite_warnings} ${bench_suite_flags}
            -MD -MF ${bench_suite_obj}.d -c ${bench_suite_c} -o ${bench_suite_obj}
    DEPENDS ${bench_suite_c}
    DEPFILE ${bench_suite_obj}.d
    COMMENT "Compiling native benchmark ${bench_suite_program}.c"
    VERBATIM COMMAND_EXPAND_LISTS)
  add_custom_command(
    OUTPUT ${bench_suite_exe}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${bench_suite_out}
    COMMAND ${WASMPROF_WASM_CLANG} ${bench_suite_obj} ${bench_suite_main_obj} -o ${bench_suite_exe} -lm
    DEPENDS ${bench_suite_obj} ${bench_suite_main_obj}
    COMMENT "Linking native benchmark bench/suite/${bench_suite_program}-native"
    VERBATIM)
  list(APPEND bench_suite_native_exes ${bench_suite_exe})
endforeach()
add_custom_target(bench_suite_native ALL DEPENDS ${bench_suite_native_exes})

# Runs a guest's run(n) on the interpreter; also measures translation and time to first instruction.
add_executable(bench_suite_wasmprof_run ${bench_suite_src}/wasmprof_run.cc)
target_link_libraries(bench_suite_wasmprof_run PRIVATE wasmprof_core)
set_target_properties(bench_suite_wasmprof_run PROPERTIES
  OUTPUT_NAME wasmprof_run
  RUNTIME_OUTPUT_DIRECTORY ${bench_suite_out})

# Correctness, not timing: every guest, run once with its tiny smoke_n (twice in one instance,
# so state left by the first call would show), gives the same checksum on wasmprof as natively.
add_test(NAME bench_suite_smoke
         COMMAND ${CMAKE_COMMAND}
                 -DMANIFEST=${bench_suite_src}/programs.txt
                 -DSUITE_DIR=${bench_suite_out}
                 -DWASMPROF_RUN=$<TARGET_FILE:bench_suite_wasmprof_run>
                 -P ${bench_suite_src}/smoke.cmake)
set_tests_properties(bench_suite_smoke PROPERTIES TIMEOUT 600)
