#!/usr/bin/env bash
# wasmprof added to another project with add_subdirectory (as FetchContent does): the parent
# gets wasmprof::wasmprof and wasmprof::c, none of wasmprof's flags or settings (compile options,
# C++ standard, tests) leak into it, and nothing is installed unless asked. Configure only: the
# library itself is what the rest of the tests build.
#   check_add_subdirectory.sh <wasmprof source> <scratch dir> <c compiler> <c++ compiler>
set -euo pipefail
source=$1 scratch=$2 cc=$3 cxx=$4
rm -rf "$scratch"
mkdir -p "$scratch/parent"
cat >"$scratch/parent/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(parent LANGUAGES C CXX)
add_subdirectory("$source" wasmprof)
foreach(target wasmprof::wasmprof wasmprof::c)
  if(NOT TARGET \${target})
    message(FATAL_ERROR "no target \${target}")
  endif()
endforeach()
get_directory_property(options COMPILE_OPTIONS)
get_directory_property(link_options LINK_OPTIONS)
if(options OR link_options OR DEFINED CMAKE_CXX_STANDARD OR CMAKE_CXX_FLAGS MATCHES "W")
  message(FATAL_ERROR "wasmprof leaked into its parent: '\${options}' '\${link_options}' '\${CMAKE_CXX_STANDARD}' '\${CMAKE_CXX_FLAGS}'")
endif()
if(WASMPROF_BUILD_TESTS OR WASMPROF_INSTALL OR TARGET examples)
  message(FATAL_ERROR "a subproject wasmprof builds its tests or installs by default")
endif()
add_executable(parent_c parent.c)
target_link_libraries(parent_c PRIVATE wasmprof::c)
add_executable(parent_cc parent.cc)
target_link_libraries(parent_cc PRIVATE wasmprof::wasmprof)
message(STATUS "parent: configured with wasmprof::wasmprof and wasmprof::c")
CMAKE
printf '#include <wasmprof.h>\nint main(void) { wasmprof_engine_delete(wasmprof_engine_new()); return 0; }\n' >"$scratch/parent/parent.c"
printf '#include <wasmprof/wasmprof.hh>\nint main() { wasmprof::Engine engine; return 0; }\n' >"$scratch/parent/parent.cc"
timeout 240 cmake -S "$scratch/parent" -B "$scratch/build" -G Ninja -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  >"$scratch/configure.log" 2>&1 || { cat "$scratch/configure.log" >&2; echo "FAILED: configuring the parent" >&2; exit 1; }
grep -q "parent: configured with wasmprof::wasmprof and wasmprof::c" "$scratch/configure.log"
# Nothing of wasmprof's own was configured: no test of it in the parent's build.
if grep -q "wasmprof_.*_test\|gtest" "$scratch/build/build.ninja"; then
  echo "FAILED: the parent's build holds wasmprof's tests" >&2
  exit 1
fi
echo "ok: add_subdirectory gives wasmprof::wasmprof and wasmprof::c, leaks nothing"
