# What `cmake --install` places, and the targets an embedder links (README.md, "Embedding"):
#
#   <prefix>/include/wasmprof.h, include/wasmprof/*.hh    the public C and C++ APIs
#   <prefix>/lib/libwasmprof.a                              the runtime and the profiler, one archive
#   <prefix>/lib/libwasmprof.so.<soversion>                 the same as a shared library (WASMPROF_SHARED),
#                                                           exporting only the APIs (cmake/wasmprof.map)
#   <prefix>/lib/wasmprof/libwasmprof_llvm_plugin.so        the compiling tier, loaded on demand
#   <prefix>/bin/wasmprof                                   the CLI
#   <prefix>/share/man/man1/wasmprof.1                      the CLI's help as a man page
#   <prefix>/lib/cmake/wasmprof/                            find_package(wasmprof): wasmprof::wasmprof
#                                                           (C++20) and wasmprof::c (C11), static;
#                                                           wasmprof::shared and wasmprof::c_shared
#   <prefix>/lib/pkgconfig/wasmprof.pc                      pkg-config --cflags --libs wasmprof
#
# The same targets exist under the same names for a project that adds wasmprof with
# add_subdirectory or FetchContent (which installs nothing unless WASMPROF_INSTALL is on).
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

# The layers behind the public APIs, in one archive so an embedder links one library whatever
# the layering inside: the runtime and the profiler (C++ API), the text format (wasmprof/wat.hh)
# and the C API. The compiling tier is not in it: the runtime loads it as a plugin.
set(_wasmprof_api_layers support data format binary text valid exec runtime profile capi)
set(_wasmprof_api_objects)
foreach(layer IN LISTS _wasmprof_api_layers)
  list(APPEND _wasmprof_api_objects $<TARGET_OBJECTS:wasmprof_${layer}>)
endforeach()
add_library(wasmprof_library STATIC ${_wasmprof_api_objects})
set_target_properties(wasmprof_library PROPERTIES OUTPUT_NAME wasmprof EXPORT_NAME library LINKER_LANGUAGE CXX)
target_include_directories(wasmprof_library INTERFACE
  $<BUILD_INTERFACE:${wasmprof_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

# What the archive's objects need in turn. libdwarf and LLVM's Demangle library are named by the
# paths this build found (an installed package is for the system it was built on); zlib and
# threads are looked up again by the package (wasmprofConfig.cmake).
get_target_property(_wasmprof_demangle_archive LLVMDemangle LOCATION)
# The C++ runtime is named too, so a C program links it with the C driver (a project that enables
# C alone).
target_link_libraries(wasmprof_library INTERFACE
  ZLIB::ZLIB ${LIBDWARF_LIBRARY} ${_wasmprof_demangle_archive} Threads::Threads ${CMAKE_DL_LIBS} stdc++ m)

# The same objects as one shared library. Its SONAME is libwasmprof.so.<major> from 1.0 on, and
# libwasmprof.so.0.<minor> before (README.md, "Embedding": every 0.x release may change the ABI,
# as the CMake package's SameMinorVersion says for the API). It exports only the APIs
# (cmake/wasmprof.map, checked by tests/install/check_abi.py); libdwarf, zlib and the C++ runtime
# are its dependencies, LLVM's Demangle library is inside it and hidden.
if(WASMPROF_SHARED)
  if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(WASMPROF_SOVERSION 0.${PROJECT_VERSION_MINOR})
  else()
    set(WASMPROF_SOVERSION ${PROJECT_VERSION_MAJOR})
  endif()
  # The layers behind the interpreter are position-independent already (src/CMakeLists.txt: the
  # plugin's copy); the others become so too (measured: the interpreter's suite unchanged,
  # README.md "Embedding").
  foreach(layer IN LISTS _wasmprof_api_layers)
    set_target_properties(wasmprof_${layer} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  endforeach()
  add_library(wasmprof_shared_library SHARED ${_wasmprof_api_objects})
  set(_wasmprof_version_script ${wasmprof_SOURCE_DIR}/cmake/wasmprof.map)
  set_target_properties(wasmprof_shared_library PROPERTIES OUTPUT_NAME wasmprof EXPORT_NAME shared_library
    LINKER_LANGUAGE CXX VERSION ${PROJECT_VERSION} SOVERSION ${WASMPROF_SOVERSION}
    LINK_DEPENDS ${_wasmprof_version_script})
  target_link_options(wasmprof_shared_library PRIVATE -Wl,--version-script=${_wasmprof_version_script}
    -Wl,--exclude-libs,ALL -Wl,--no-undefined -Wl,--as-needed)
  target_link_libraries(wasmprof_shared_library PRIVATE
    ZLIB::ZLIB ${LIBDWARF_LIBRARY} ${_wasmprof_demangle_archive} Threads::Threads ${CMAKE_DL_LIBS})
  target_include_directories(wasmprof_shared_library INTERFACE
    $<BUILD_INTERFACE:${wasmprof_SOURCE_DIR}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  add_library(wasmprof::shared_library ALIAS wasmprof_shared_library)
endif()

# The C++ API is C++20 (std::span, defaulted comparisons); the C API is C11.
add_library(wasmprof_embed_cxx INTERFACE)
set_target_properties(wasmprof_embed_cxx PROPERTIES EXPORT_NAME wasmprof)
target_link_libraries(wasmprof_embed_cxx INTERFACE wasmprof_library)
target_compile_features(wasmprof_embed_cxx INTERFACE cxx_std_20)
add_library(wasmprof_embed_c INTERFACE)
set_target_properties(wasmprof_embed_c PROPERTIES EXPORT_NAME c)
target_link_libraries(wasmprof_embed_c INTERFACE wasmprof_library)
target_compile_features(wasmprof_embed_c INTERFACE c_std_11)
add_library(wasmprof::wasmprof ALIAS wasmprof_embed_cxx)
add_library(wasmprof::c ALIAS wasmprof_embed_c)
add_library(wasmprof::library ALIAS wasmprof_library)
# The same two over the shared library: wasmprof::shared (C++20) and wasmprof::c_shared (C11).
set(_wasmprof_embed_targets wasmprof_embed_cxx wasmprof_embed_c)
if(WASMPROF_SHARED)
  add_library(wasmprof_embed_cxx_shared INTERFACE)
  set_target_properties(wasmprof_embed_cxx_shared PROPERTIES EXPORT_NAME shared)
  target_link_libraries(wasmprof_embed_cxx_shared INTERFACE wasmprof_shared_library)
  target_compile_features(wasmprof_embed_cxx_shared INTERFACE cxx_std_20)
  add_library(wasmprof_embed_c_shared INTERFACE)
  set_target_properties(wasmprof_embed_c_shared PROPERTIES EXPORT_NAME c_shared)
  target_link_libraries(wasmprof_embed_c_shared INTERFACE wasmprof_shared_library)
  target_compile_features(wasmprof_embed_c_shared INTERFACE c_std_11)
  add_library(wasmprof::shared ALIAS wasmprof_embed_cxx_shared)
  add_library(wasmprof::c_shared ALIAS wasmprof_embed_c_shared)
  list(APPEND _wasmprof_embed_targets wasmprof_shared_library wasmprof_embed_cxx_shared wasmprof_embed_c_shared)
endif()

if(NOT WASMPROF_INSTALL)
  return()
endif()

install(DIRECTORY ${wasmprof_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hh")
install(TARGETS wasmprof_library ${_wasmprof_embed_targets} EXPORT wasmprofTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS wasmprof RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${wasmprof_BINARY_DIR}/src/cli/wasmprof.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
if(TARGET wasmprof_llvm_plugin)
  set_target_properties(wasmprof_llvm_plugin PROPERTIES INSTALL_RPATH_USE_LINK_PATH TRUE)
  install(TARGETS wasmprof_llvm_plugin LIBRARY DESTINATION ${WASMPROF_INSTALL_PLUGIN_DIR})
endif()

set(_wasmprof_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/wasmprof)
install(EXPORT wasmprofTargets NAMESPACE wasmprof:: DESTINATION ${_wasmprof_cmake_dir})
configure_package_config_file(${wasmprof_SOURCE_DIR}/cmake/wasmprofConfig.cmake.in
  ${wasmprof_BINARY_DIR}/wasmprofConfig.cmake INSTALL_DESTINATION ${_wasmprof_cmake_dir})
write_basic_package_version_file(${wasmprof_BINARY_DIR}/wasmprofConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${wasmprof_BINARY_DIR}/wasmprofConfig.cmake ${wasmprof_BINARY_DIR}/wasmprofConfigVersion.cmake
        DESTINATION ${_wasmprof_cmake_dir})

# pkg-config: -lwasmprof, and what the static library needs in turn: in Libs when there is only
# the static library; in Libs.private when the shared one is there too, which `-lwasmprof` then
# chooses (it names its dependencies itself; `pkg-config --static` gives the static link's).
# Libraries found by path are named as -L<folder> -l<name> (pkg-config users, CMake's
# pkg_check_modules among them, place those after the program's objects; a bare path they do not).
set(_wasmprof_pc_libs "")
foreach(library IN ITEMS ${LIBDWARF_LIBRARY} ${_wasmprof_demangle_archive})
  get_filename_component(folder ${library} DIRECTORY)
  get_filename_component(name ${library} NAME_WE)
  string(REGEX REPLACE "^lib" "" name ${name})
  string(APPEND _wasmprof_pc_libs " -L${folder} -l${name}")
endforeach()
string(APPEND _wasmprof_pc_libs " -lz -lstdc++ -lm -pthread")
foreach(library IN LISTS CMAKE_DL_LIBS)
  string(APPEND _wasmprof_pc_libs " -l${library}")
endforeach()
set(_wasmprof_pc_libs_private "")
if(WASMPROF_SHARED)
  set(_wasmprof_pc_libs_private "${_wasmprof_pc_libs}")
  set(_wasmprof_pc_libs "")
endif()
# Its prefix is found from the file's own place, so `cmake --install --prefix` elsewhere works.
file(RELATIVE_PATH _wasmprof_pc_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" _wasmprof_pc_prefix "${_wasmprof_pc_prefix}")
configure_file(${wasmprof_SOURCE_DIR}/cmake/wasmprof.pc.in ${wasmprof_BINARY_DIR}/wasmprof.pc @ONLY)
install(FILES ${wasmprof_BINARY_DIR}/wasmprof.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
