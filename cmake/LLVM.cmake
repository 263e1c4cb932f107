# LLVM 16 (Debian 12's llvm-16-dev, in scripts/apt-packages.txt), found once for every part of
# the build that uses it.
#
#   wasmprof_use_llvm_headers(<target> <PRIVATE|PUBLIC|INTERFACE>)
#
# gives <target> LLVM's headers, as system includes (the project's warnings, and -Werror in CI,
# are for our code, not LLVM's), and the definitions LLVM's headers expect. A target then links
# the LLVM libraries it needs: the compiling tier the whole of libLLVM (`LLVM`), others only the
# components they use (llvm_map_components_to_libnames(<var> <component>...) names them).
#
#   wasmprof_llvm_demangle
#
# is LLVM's Demangle library alone (static, a few hundred KB, no other LLVM library), with its
# headers: what the profiler's demangler links, rather than the whole of libLLVM.
include_guard(GLOBAL)

find_package(LLVM 16 REQUIRED CONFIG HINTS /usr/lib/llvm-16/lib/cmake/llvm)
message(STATUS "LLVM ${LLVM_PACKAGE_VERSION}: ${LLVM_DIR}")

function(wasmprof_use_llvm_headers target scope)
  target_include_directories(${target} SYSTEM ${scope} ${LLVM_INCLUDE_DIRS})
  separate_arguments(definitions NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_definitions(${target} ${scope} ${definitions})
endfunction()

add_library(wasmprof_llvm_demangle INTERFACE)
llvm_map_components_to_libnames(wasmprof_llvm_demangle_libraries demangle)
target_link_libraries(wasmprof_llvm_demangle INTERFACE ${wasmprof_llvm_demangle_libraries})
wasmprof_use_llvm_headers(wasmprof_llvm_demangle INTERFACE)
