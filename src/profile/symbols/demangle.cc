// Demangling is done by libraries, not here: Itanium C++ by the C++ runtime's __cxa_demangle
// (the GNU demangler, so names read as `c++filt` prints them), Rust v0 and the Itanium names
// of Rust's legacy mangling by LLVM's Demangle library. What is left here is reading Rust's
// legacy escapes, and bounding the work LLVM is given.
#include "profile/symbols/demangle.hh"

#include <cxxabi.h>
#include <llvm/Demangle/Demangle.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

#include "profile/symbols/rust_v0_budget.hh"
#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

// Names come from untrusted modules; longer "symbols" are left alone rather than handed to a
// recursive demangler.
constexpr size_t kMaxSymbolLength = 16 * 1024;
// A v0 name within the print budget can still print a lot; a profile does not carry more.
constexpr size_t kMaxRustV0NameLength = 64 * 1024;

using CString = std::unique_ptr<char, decltype(&std::free)>;

// C++ names as `c++filt` shows them (GNU's demangler: "std::vector<int, std::allocator<int> >",
// "{lambda()#1}", "[clone .cold]"), where LLVM's would differ.
std::optional<std::string> demangle_itanium(std::string_view symbol) {
  const std::string terminated(symbol);
  int status = 0;
  CString demangled(abi::__cxa_demangle(terminated.c_str(), nullptr, nullptr, &status), &std::free);
  if (status != 0 || !demangled) return std::nullopt;
  return std::string(demangled.get());
}

// LLVM's Itanium demangler, for Rust's legacy names: unlike GNU's, it reads a data name with a
// vendor suffix ("_ZN3foo17h...E.llvm.1234"), which rustc's symbols often carry.
std::optional<std::string> demangle_itanium_llvm(std::string_view symbol) {
  const std::string terminated(symbol);
  int status = 0;
  CString demangled(llvm::itaniumDemangle(terminated.c_str(), nullptr, nullptr, &status), &std::free);
  if (status != llvm::demangle_success || !demangled) return std::nullopt;
  return std::string(demangled.get());
}

// --- Rust v0 ----------------------------------------------------------------------------------

std::optional<std::string> demangle_rust_v0(std::string_view symbol) {
  // A v0 symbol is [0-9A-Za-z_] only; a vendor suffix (".llvm.1234", "$tlv$init") carries no
  // meaning for a reader, and LLVM would not take the second.
  const std::string mangled(symbol.substr(0, symbol.find_first_of(".$")));
  if (!rust_v0_printing_within_budget(mangled)) return std::nullopt;
  CString demangled(llvm::rustDemangle(mangled.c_str()), &std::free);
  if (!demangled) return std::nullopt;
  std::string name(demangled.get());
  if (name.size() > kMaxRustV0NameLength) return std::nullopt;
  return name;
}

// --- Rust legacy: an Itanium nested name of plain identifiers, the last one the hash ----------

bool is_legacy_segment_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.';
}

bool is_hash_segment(std::string_view segment) {
  if (segment.size() != 17 || segment[0] != 'h') return false;
  for (char c : segment.substr(1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// The escapes rustc's legacy mangler uses for characters a linker might not accept.
std::optional<std::string_view> named_escape(std::string_view code) {
  if (code == "SP") return "@";
  if (code == "BP") return "*";
  if (code == "RF") return "&";
  if (code == "LT") return "<";
  if (code == "GT") return ">";
  if (code == "LP") return "(";
  if (code == "RP") return ")";
  if (code == "C") return ",";
  return std::nullopt;
}

// Appends the decoded segment; false when it holds an escape we do not know.
bool decode_segment(std::string_view segment, std::string& out) {
  // rustc prefixes "_" to a segment that would otherwise start with '$'.
  if (segment.starts_with("_$")) segment.remove_prefix(1);
  size_t i = 0;
  while (i < segment.size()) {
    const char c = segment[i];
    if (c == '$') {
      const size_t end = segment.find('$', i + 1);
      if (end == std::string_view::npos) return false;
      const std::string_view code = segment.substr(i + 1, end - i - 1);
      if (auto text = named_escape(code)) {
        out += *text;
      } else if (code.size() >= 2 && code[0] == 'u') {
        uint32_t code_point = 0;
        for (char digit : code.substr(1)) {
          if (!std::isxdigit(static_cast<unsigned char>(digit)) || code_point > 0x10FFFF) return false;
          code_point = code_point * 16 + uint32_t(std::isdigit(static_cast<unsigned char>(digit))
                                                      ? digit - '0'
                                                      : std::tolower(static_cast<unsigned char>(digit)) - 'a' + 10);
        }
        if (!append_utf8(code_point, out)) return false;
      } else {
        return false;
      }
      i = end + 1;
    } else if (c == '.') {
      if (i + 1 < segment.size() && segment[i + 1] == '.') {
        out += "::";
        i += 2;
      } else {
        out += '.';
        ++i;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return true;
}

// `itanium` is what LLVM's Itanium demangler made of a "_ZN<digit>..." symbol. It is Rust's when
// it is identifiers joined by "::" (a C++ name would show a signature, a template, a qualifier)
// whose last one is the hash "h" + 16 hex digits, which is dropped.
std::optional<std::string> rust_legacy_name(std::string_view itanium) {
  // A vendor suffix (".llvm.1234"), shown as " (.llvm.1234)", is dropped.
  if (const size_t space = itanium.find(' '); space != std::string_view::npos) {
    const std::string_view suffix = itanium.substr(space);
    if (!suffix.starts_with(" (.") || !suffix.ends_with(")")) return std::nullopt;
    itanium = itanium.substr(0, space);
  }
  std::vector<std::string_view> segments;
  for (size_t start = 0;;) {
    const size_t end = itanium.find("::", start);
    segments.push_back(itanium.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 2;
  }
  if (segments.size() < 2 || !is_hash_segment(segments.back())) return std::nullopt;
  segments.pop_back();
  std::string name;
  for (std::string_view segment : segments) {
    if (segment.empty()) return std::nullopt;
    for (char c : segment)
      if (!is_legacy_segment_char(c)) return std::nullopt;
    if (!name.empty()) name += "::";
    if (!decode_segment(segment, name)) return std::nullopt;
  }
  return name;
}

// The name a reader sees for `symbol`, or nullopt to keep the symbol.
std::optional<std::string> demangled_name(std::string_view symbol) {
  // The demanglers read C strings: a NUL would cut the symbol short.
  if (symbol.find('\0') != std::string_view::npos) return std::nullopt;
  // Mach-O adds one more leading underscore; wasm and ELF do not, but tolerate it.
  const std::string_view bare = symbol.starts_with("__") ? symbol.substr(1) : symbol;
  if (bare.starts_with("_R")) {
    if (auto name = demangle_rust_v0(bare)) return name;
  }
  // Rust's legacy names start with a nested name of plain identifiers.
  if (bare.size() > 3 && bare.starts_with("_ZN") && std::isdigit(static_cast<unsigned char>(bare[3]))) {
    if (auto itanium = demangle_itanium_llvm(bare)) {
      if (auto rust = rust_legacy_name(*itanium)) return rust;
    }
  }
  // Only real symbols: __cxa_demangle also decodes bare type encodings ("i" -> "int").
  if (!bare.starts_with("_Z")) return std::nullopt;
  return demangle_itanium(bare);
}

}  // namespace

std::string demangle(std::string_view symbol) {
  if (symbol.size() > kMaxSymbolLength) return std::string(symbol);
  auto name = demangled_name(symbol);
  // An empty name (a v0 crate root of no letters) would be no name at all.
  if (!name || name->empty()) return std::string(symbol);
  return std::move(*name);
}

}  // namespace wasmprof::profile
