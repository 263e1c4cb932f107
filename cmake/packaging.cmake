# `cpack -G DEB` in a build directory (README.md, "Embedding"): one Debian package, wasmprof,
# holding what `cmake --install` places (cmake/Install.cmake) under /usr: the CLI and its man
# page, the compiling tier's plugin, the headers, libwasmprof.a, libwasmprof.so and the CMake and
# pkg-config files. Its dependencies are read from the binaries by dpkg-shlibdeps (libdwarf, zlib,
# protobuf, cpp-httplib, the C++ runtime...), so they follow the build; libLLVM-16 (the plugin's)
# is named by hand as well. tests/install/check_deb.sh builds it, installs it with apt, runs it
# and removes it.
# Only a top-level build that installs packages; a subproject's parent packages itself.
include_guard(GLOBAL)
if(NOT WASMPROF_INSTALL OR NOT PROJECT_IS_TOP_LEVEL)
  return()
endif()

set(CPACK_PACKAGE_NAME wasmprof)
set(CPACK_PACKAGE_VENDOR "wasmprof")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "WebAssembly runtime with a guest profiler")
set(CPACK_PACKAGE_DESCRIPTION "wasmprof runs WebAssembly (WASI preview1) programs, interpreted or \
compiled through LLVM, and profiles the guest: Firefox Profiler profiles of the guest's own \
functions and source lines, reports, flame graphs and conversions to other profilers' formats. \
It ships the wasmprof command, and its C and C++ embedding APIs as headers, a static and a \
shared library, a CMake package and a pkg-config file.")
set(CPACK_PACKAGE_CONTACT "wasmprof developers <dev@wasmprof>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Binaries and the shared library without their debug information, as Debian ships them.
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # wasmprof_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Named by hand too: dpkg-shlibdeps looks libLLVM-16.so.1 up through the plugin's RUNPATH
# (/usr/lib/llvm-16/lib), where it is a link owned by llvm-16-dev, which has no shlibs
# information, and then, depending on the run, leaves libllvm16 out (dpkg accepts it named twice).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libllvm16")
# A shlibs file for libwasmprof.so.<soversion> and the ldconfig trigger that installing a shared
# library needs.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
# Linking the static library needs what it names (libdwarf.so, libz.so, and LLVM's Demangle
# archive, in llvm-16-dev): recommended and suggested, not required, as the CLI and the shared
# library need none of them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libdwarf-dev, zlib1g-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "llvm-16-dev")
# gzip: the package is built by a test, and xz costs several times the time for it.
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)

include(CPack)
