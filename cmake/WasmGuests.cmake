# Compiles C sources into wasm32-wasi guest modules with Debian's clang 14 and wasi-libc.
#
#   wasmprof_add_guest(<name> SOURCES <file.c>... [OPT_LEVEL <-O2>] [DEBUG] [OUTPUT_DIR <dir>]
#                      [COMPILE_OPTIONS <opt>...] [LINK_OPTIONS <opt>...] [EXCLUDE_FROM_ALL])
#
# produces <OUTPUT_DIR>/<name>.wasm (OUTPUT_DIR defaults to ${CMAKE_BINARY_DIR}/tests/guests) and a
# custom target wasm_guest_<name> whose property WASMPROF_WASM_FILE holds that path. Every guest
# but those marked EXCLUDE_FROM_ALL (built on request) is part of `wasm_guests`, built by default.
#
# These are plain custom commands, not a second toolchain: the project's own compile options
# (warnings, sanitizers) must not reach the guests, and the host build stays a single CMake tree.
#
# Each source is compiled on its own (-c, with the optimisation level) and the objects are linked
# in a separate step with no -O on the line. clang 14 runs binaryen's `wasm-opt` from PATH when
# the link line carries -O, and wasm-opt drops the `name` section the profiler needs; linking
# without -O never runs it. wasm-ld itself keeps the name section unless told to strip all.
#
#   default: sources compiled without -g; linked with --strip-debug, which drops the DWARF that
#            wasi-libc's objects would otherwise bring and keeps the name section.
#   DEBUG:   sources compiled with -g; linked without stripping, so the module keeps its DWARF
#            (.debug_info, .debug_line, ...) for source-line attribution.

include_guard(GLOBAL)

find_program(WASMPROF_WASM_CLANG NAMES clang-14 clang
  DOC "clang able to target wasm32-wasi (Debian: clang-14, lld-14, wasi-libc, libclang-rt-14-dev-wasm32)")
if(NOT WASMPROF_WASM_CLANG)
  message(FATAL_ERROR "wasmprof: no clang found to compile the wasm32-wasi test guests")
endif()

# Checked once at configure time so a missing wasi-libc or wasm linker shows up here, with a
# hint, rather than as an obscure failure of the first guest.
if(NOT DEFINED CACHE{WASMPROF_WASM_CLANG_WORKS})
  set(_probe_dir ${CMAKE_BINARY_DIR}/CMakeFiles/wasm-guest-probe)
  file(MAKE_DIRECTORY ${_probe_dir})
  file(WRITE ${_probe_dir}/probe.c "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n")
  execute_process(
    COMMAND ${WASMPROF_WASM_CLANG} --target=wasm32-wasi -O2 -c probe.c -o probe.o
    WORKING_DIRECTORY ${_probe_dir}
    RESULT_VARIABLE _probe_compile ERROR_VARIABLE _probe_err OUTPUT_QUIET)
  if(_probe_compile EQUAL 0)
    execute_process(
      COMMAND ${WASMPROF_WASM_CLANG} --target=wasm32-wasi probe.o -o probe.wasm -Wl,--strip-debug
      WORKING_DIRECTORY ${_probe_dir}
      RESULT_VARIABLE _probe_link ERROR_VARIABLE _probe_err OUTPUT_QUIET)
  endif()
  if(NOT _probe_compile EQUAL 0 OR NOT _probe_link EQUAL 0)
    message(FATAL_ERROR
      "wasmprof: ${WASMPROF_WASM_CLANG} cannot build a wasm32-wasi program:\n${_probe_err}\n"
      "On Debian 12 install: lld-14 wasi-libc libclang-rt-14-dev-wasm32 (see scripts/apt-packages.txt).")
  endif()
  set(WASMPROF_WASM_CLANG_WORKS TRUE CACHE INTERNAL "clang builds wasm32-wasi programs")
endif()

if(NOT TARGET wasm_guests)
  add_custom_target(wasm_guests ALL)
endif()

function(wasmprof_add_guest name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "DEBUG;EXCLUDE_FROM_ALL" "OPT_LEVEL;OUTPUT_DIR"
                        "SOURCES;COMPILE_OPTIONS;LINK_OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasmprof_add_guest(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "wasmprof_add_guest(${name}): SOURCES is required")
  endif()
  if(TARGET wasm_guest_${name})
    message(FATAL_ERROR "wasmprof_add_guest(${name}): a guest of that name already exists")
  endif()
  if(NOT arg_OPT_LEVEL)
    set(arg_OPT_LEVEL -O2)
  endif()
  if(NOT arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR ${CMAKE_BINARY_DIR}/tests/guests)
  endif()

  set(compile_flags --target=wasm32-wasi ${arg_OPT_LEVEL} -Wall -Wextra)
  set(link_flags --target=wasm32-wasi)
  if(arg_DEBUG)
    list(APPEND compile_flags -g)
  else()
    list(APPEND link_flags -Wl,--strip-debug)
  endif()
  list(APPEND compile_flags ${arg_COMPILE_OPTIONS})
  list(APPEND link_flags ${arg_LINK_OPTIONS})

  set(obj_dir ${CMAKE_CURRENT_BINARY_DIR}/wasm-guest-objects/${name})
  set(objects "")
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(src_abs ${src} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    get_filename_component(src_name ${src} NAME)
    set(obj ${obj_dir}/${src_name}.o)
    if(obj IN_LIST objects)
      message(FATAL_ERROR "wasmprof_add_guest(${name}): two sources named ${src_name}")
    endif()
    file(RELATIVE_PATH obj_rel ${CMAKE_BINARY_DIR} ${obj})
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${obj_dir}
      COMMAND ${WASMPROF_WASM_CLANG} ${compile_flags} -MD -MF ${obj}.d -c ${src_abs} -o ${obj}
      DEPENDS ${src_abs}
      DEPFILE ${obj}.d
      COMMENT "Compiling wasm guest object ${obj_rel}"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND objects ${obj})
  endforeach()

  set(wasm ${arg_OUTPUT_DIR}/${name}.wasm)
  file(RELATIVE_PATH wasm_rel ${CMAKE_BINARY_DIR} ${wasm})
  # No -O here, on purpose: see the top of this file.
  add_custom_command(
    OUTPUT ${wasm}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${arg_OUTPUT_DIR}
    COMMAND ${WASMPROF_WASM_CLANG} ${link_flags} ${objects} -o ${wasm}
    DEPENDS ${objects}
    COMMENT "Linking wasm guest ${wasm_rel}"
    VERBATIM COMMAND_EXPAND_LISTS)

  add_custom_target(wasm_guest_${name} DEPENDS ${wasm})
  set_target_properties(wasm_guest_${name} PROPERTIES WASMPROF_WASM_FILE ${wasm})
  if(NOT arg_EXCLUDE_FROM_ALL)
    add_dependencies(wasm_guests wasm_guest_${name})
  endif()
endfunction()
