# Test modules written in the WebAssembly text format, assembled at build time by wabt's
# wat2wasm (a Debian package, see scripts/apt-packages.txt) with --debug-names, so tests can
# rely on exact instruction offsets and names.
#
#   wasmprof_add_wat_modules(<target> <wat_dir> <wasm_dir> [wat2wasm options...])
#
# makes a custom target <target> that assembles every <wat_dir>/*.wat into <wasm_dir>/*.wasm.
include_guard(GLOBAL)
find_program(WASMPROF_WAT2WASM wat2wasm REQUIRED)

function(wasmprof_add_wat_modules target wat_dir wasm_dir)
  file(GLOB wat_files CONFIGURE_DEPENDS ${wat_dir}/*.wat)
  set(wasm_files)
  foreach(wat ${wat_files})
    get_filename_component(name ${wat} NAME_WE)
    set(wasm ${wasm_dir}/${name}.wasm)
    add_custom_command(OUTPUT ${wasm}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${wasm_dir}
      COMMAND ${WASMPROF_WAT2WASM} --debug-names ${ARGN} ${wat} -o ${wasm}
      DEPENDS ${wat}
      COMMENT "wat2wasm ${name}.wat")
    list(APPEND wasm_files ${wasm})
  endforeach()
  add_custom_target(${target} DEPENDS ${wasm_files})
endfunction()
