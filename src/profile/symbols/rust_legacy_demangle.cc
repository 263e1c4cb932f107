// Rust's legacy mangling (the default before v0): _ZN <length><segment>... E, the last segment
// being the hash "h" + 16 hex digits.
#include <cctype>
#include <cstdint>
#include <vector>

#include "profile/symbols/rust_demangle.hh"
#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

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

}  // namespace

std::optional<std::string> demangle_rust_legacy(std::string_view symbol) {
  if (!symbol.starts_with("_ZN")) return std::nullopt;
  std::string_view rest = symbol.substr(3);
  std::vector<std::string_view> segments;
  while (!rest.empty() && rest[0] != 'E') {
    size_t length = 0, digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
      length = length * 10 + size_t(rest[digits] - '0');
      if (length > rest.size()) return std::nullopt;
      ++digits;
    }
    if (digits == 0 || length == 0 || digits + length > rest.size()) return std::nullopt;
    segments.push_back(rest.substr(digits, length));
    rest.remove_prefix(digits + length);
  }
  if (rest.empty()) return std::nullopt;  // no closing 'E'
  rest.remove_prefix(1);
  // After the name only a suffix such as LLVM's ".llvm.1234" may follow; it is dropped.
  if (!rest.empty() && rest[0] != '.') return std::nullopt;
  if (segments.size() < 2 || !is_hash_segment(segments.back())) return std::nullopt;
  segments.pop_back();

  std::string name;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i != 0) name += "::";
    if (!decode_segment(segments[i], name)) return std::nullopt;
  }
  return name;
}

}  // namespace wasmprof::profile
