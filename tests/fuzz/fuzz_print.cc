// libFuzzer target: the printer (wasmprof/wat.hh's binary_to_wat) on any module that decodes and
// validates. Its text, flat and folded, with and without names, must parse back (wat_to_binary);
// and the module so parsed, which is in the encoding the parser writes (the one of the choices
// the binary format leaves, tests/text/print_suite.cc), must come back byte for byte when printed
// and parsed again. Any failure aborts; nothing may crash, leak, trip a sanitizer or allocate
// without bound. Modules that only 3.0's decoding reads are printed too (check_3_0).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "binary/decoder.hh"
#include "valid/validator.hh"
#include "wasmprof/wat.hh"

namespace {

[[noreturn]] void fail(const char* what, const std::string& text) {
  std::fprintf(stderr, "fuzz_print: %s\n%s\n", what, text.c_str());
  std::abort();
}

// A module only 3.0 reads (DecodeOptions::wasm3), which the validator does not judge yet: its text
// may not parse back (an index the parser checks), but printing it must end in text or in an
// error as a value, and text that does parse back must print and parse to the same bytes again.
void check_3_0(std::span<const uint8_t> bytes) {
  using namespace wasmprof;
  for (const bool folded : {false, true}) {
    const PrintOptions options{.folded = folded};
    auto text = binary_to_wat(bytes, options);
    if (!text.ok()) {
      if (text.error().kind != ErrorKind::Malformed && text.error().kind != ErrorKind::Limit)
        fail("a 3.0 module not printed for another reason than malformed or too large", text.error().to_string());
      return;
    }
    auto parsed = wat_to_binary(text.value());
    if (!parsed.ok()) continue;
    auto again = binary_to_wat(parsed.value(), options);
    if (!again.ok()) fail("a 3.0 module parsed back not printed", again.error().to_string());
    auto reparsed = wat_to_binary(again.value());
    if (!reparsed.ok() || reparsed.value() != parsed.value())
      fail("a 3.0 module parsed back does not come back byte for byte", again.value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wasmprof;
  const std::span<const uint8_t> bytes(data, size);
  auto module = decode_module(bytes);
  if (!module.ok()) {
    if (decode_module(bytes, DecodeOptions{.wasm3 = true}).ok()) check_3_0(bytes);
    return 0;
  }
  if (!validate_module(module.value()).ok()) return 0;
  for (const bool folded : {false, true}) {
    for (const bool names : {false, true}) {
      const PrintOptions options{.folded = folded, .names = names};
      auto text = binary_to_wat(bytes, options);
      if (!text.ok()) fail("a valid module not printed", text.error().to_string());
      auto parsed = wat_to_binary(text.value(), WatOptions{.name_section = names});
      if (!parsed.ok())
        fail("printed text not parsed back",
             format_text_error("printed", text.value(), parsed.error()) + "\n" + text.value());
      auto again = binary_to_wat(parsed.value(), options);
      if (!again.ok()) fail("the module parsed back not printed", again.error().to_string());
      auto reparsed = wat_to_binary(again.value(), WatOptions{.name_section = names});
      if (!reparsed.ok() || reparsed.value() != parsed.value())
        fail("the module parsed back does not come back byte for byte", again.value());
    }
  }
  return 0;
}
