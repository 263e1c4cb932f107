#include "compile/semantics_bitcode.hh"

// WASMPROF_SEMANTICS_BITCODE is the path of the bitcode file (src/CMakeLists.txt), read in whole
// by the assembler: nothing to generate, and the object depends on the file.
asm(".pushsection .rodata.wasmprof_semantics_bitcode, \"a\", @progbits\n"
    ".p2align 4\n"
    ".globl wasmprof_semantics_bitcode_begin\n"
    ".hidden wasmprof_semantics_bitcode_begin\n"
    "wasmprof_semantics_bitcode_begin:\n"
    ".incbin \"" WASMPROF_SEMANTICS_BITCODE "\"\n"
    ".globl wasmprof_semantics_bitcode_end\n"
    ".hidden wasmprof_semantics_bitcode_end\n"
    "wasmprof_semantics_bitcode_end:\n"
    ".popsection\n");

extern "C" const char wasmprof_semantics_bitcode_begin[];
extern "C" const char wasmprof_semantics_bitcode_end[];

namespace wasmprof::compile {

std::string_view semantics_bitcode() {
  return {wasmprof_semantics_bitcode_begin, size_t(wasmprof_semantics_bitcode_end - wasmprof_semantics_bitcode_begin)};
}

}  // namespace wasmprof::compile
