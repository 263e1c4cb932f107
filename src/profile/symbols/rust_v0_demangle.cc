// Rust v0 symbols, decoded from the grammar in RFC 2603 / the rustc book ("v0 Symbol
// Format"). One pass prints while it parses; a backref re-parses the earlier part of the
// symbol it points at. Symbols come from untrusted modules, so nesting depth, the work done
// and the output size are bounded, and any malformed input gives nullopt.
#include <cstdint>
#include <string>

#include "profile/symbols/punycode.hh"
#include "profile/symbols/rust_demangle.hh"
#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

constexpr int kMaxDepth = 200;
constexpr size_t kMaxSteps = 100000;
constexpr size_t kMaxOutput = 64 * 1024;

class V0Demangler {
 public:
  // `mangled` is the symbol after "_R".
  explicit V0Demangler(std::string_view mangled) : sym_(mangled) {}

  std::optional<std::string> run() {
    // An encoding version would follow "_R" as a decimal number; none is defined yet.
    if (!at_end() && is_digit(peek())) return std::nullopt;
    if (!path(/*in_value=*/true)) return std::nullopt;
    // The instantiating crate is not shown.
    if (!at_end() && is_upper(peek())) {
      Silence silence(*this);
      if (!path(false)) return std::nullopt;
    }
    // A vendor-specific suffix (".llvm.1234", "$tlv$init") carries no meaning for a reader.
    if (!at_end() && peek() != '.' && peek() != '$') return std::nullopt;
    return std::move(out_);
  }

 private:
  // While a Silence lives, the parser only consumes (for parts that are not displayed).
  class Silence {
   public:
    explicit Silence(V0Demangler& d) : d_(d), was_printing_(d.printing_) { d_.printing_ = false; }
    ~Silence() { d_.printing_ = was_printing_; }
    Silence(const Silence&) = delete;
    Silence& operator=(const Silence&) = delete;

   private:
    V0Demangler& d_;
    bool was_printing_;
  };

  class Nesting {
   public:
    explicit Nesting(V0Demangler& d) : d_(d) { ++d_.depth_; }
    ~Nesting() { --d_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    bool too_deep() const { return d_.depth_ > kMaxDepth || ++d_.steps_ > kMaxSteps; }

   private:
    V0Demangler& d_;
  };

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
  static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

  bool at_end() const { return pos_ >= sym_.size(); }
  char peek() const { return at_end() ? '\0' : sym_[pos_]; }
  char next() { return at_end() ? '\0' : sym_[pos_++]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  bool print(std::string_view text) {
    if (!printing_) return true;
    out_ += text;
    return out_.size() <= kMaxOutput;
  }

  // <base-62-number>: "_" is 0, otherwise digits 0-9a-zA-Z then "_" encode value - 1.
  std::optional<uint64_t> base62() {
    if (eat('_')) return 0;
    uint64_t value = 0;
    while (true) {
      const char c = next();
      uint64_t digit;
      if (is_digit(c)) {
        digit = uint64_t(c - '0');
      } else if (is_lower(c)) {
        digit = uint64_t(c - 'a') + 10;
      } else if (is_upper(c)) {
        digit = uint64_t(c - 'A') + 36;
      } else if (c == '_') {
        return value + 1;
      } else {
        return std::nullopt;
      }
      if (value > (UINT64_MAX - digit) / 62 - 1) return std::nullopt;
      value = value * 62 + digit;
    }
  }

  // An optional `tag` base-62-number: absent is 0, present is the number + 1 (disambiguators,
  // binders).
  std::optional<uint64_t> optional_base62(char tag) {
    if (!eat(tag)) return 0;
    const auto value = base62();
    if (!value || *value == UINT64_MAX) return std::nullopt;
    return *value + 1;
  }

  // <decimal-number>: "0", or a non-zero digit followed by digits.
  std::optional<uint64_t> decimal() {
    if (!is_digit(peek())) return std::nullopt;
    if (eat('0')) return 0;
    uint64_t value = 0;
    while (is_digit(peek())) {
      value = value * 10 + uint64_t(next() - '0');
      if (value > sym_.size()) return std::nullopt;  // only ever a length within the symbol
    }
    return value;
  }

  struct Identifier {
    uint64_t disambiguator = 0;
    std::string name;
  };

  // <undisambiguated-identifier> = ["u"] <decimal-number> ["_"] <bytes>
  std::optional<std::string> undisambiguated_identifier() {
    const bool punycode = eat('u');
    const auto length = decimal();
    if (!length) return std::nullopt;
    eat('_');
    if (*length > sym_.size() - pos_) return std::nullopt;
    const std::string_view bytes = sym_.substr(pos_, *length);
    pos_ += *length;
    if (punycode) return decode_rust_punycode(bytes);
    return std::string(bytes);
  }

  std::optional<Identifier> identifier() {
    Identifier id;
    const auto disambiguator = optional_base62('s');
    if (!disambiguator) return std::nullopt;
    id.disambiguator = *disambiguator;
    auto name = undisambiguated_identifier();
    if (!name) return std::nullopt;
    id.name = std::move(*name);
    return id;
  }

  // <backref> = "B" <base-62-number>: re-parse what starts at that offset (strictly before the
  // backref itself, so chains always move backwards and end).
  template <class Parse>
  bool backref(Parse&& parse) {
    const size_t tag_position = pos_ - 1;
    const auto target = base62();
    if (!target || *target >= tag_position) return false;
    if (!printing_) return true;  // nothing to show, and the parse of the target was valid before
    const size_t resume = pos_;
    pos_ = size_t(*target);
    const bool ok = parse();
    pos_ = resume;
    return ok;
  }

  bool print_lifetime(uint64_t index) {
    if (index == 0) return print("'_");
    if (index > bound_lifetimes_) return false;
    // De Bruijn index to level: the outermost bound lifetime is 'a.
    const uint64_t level = bound_lifetimes_ - index;
    if (level < 26) return print(std::string{'\'', char('a' + level)});
    return print("'_" + std::to_string(level));
  }

  // <binder> = "G" <base-62-number>: binds number + 1 lifetimes, shown as "for<'a, 'b> ".
  bool binder() {
    const auto count = optional_base62('G');
    if (!count) return false;
    if (*count == 0) return true;
    if (*count > 1000) return false;
    if (!print("for<")) return false;
    for (uint64_t i = 0; i < *count; ++i) {
      if (i != 0 && !print(", ")) return false;
      bound_lifetimes_ += 1;
      if (!print_lifetime(1)) return false;
    }
    return print("> ");
  }

  bool path(bool in_value) {
    Nesting nesting(*this);
    if (nesting.too_deep()) return false;
    switch (next()) {
      case 'C': {  // crate root
        const auto crate = identifier();
        return crate && print(crate->name);
      }
      case 'M': {  // inherent impl: <Type>
        if (!impl_path()) return false;
        return print("<") && type() && print(">");
      }
      case 'X': {  // trait impl: <Type as Trait>
        if (!impl_path()) return false;
        return print("<") && type() && print(" as ") && path(false) && print(">");
      }
      case 'Y':  // trait definition: <Type as Trait>
        return print("<") && type() && print(" as ") && path(false) && print(">");
      case 'N': {  // nested path
        const char ns = next();
        if (!is_lower(ns) && !is_upper(ns)) return false;
        if (!path(in_value)) return false;
        const auto id = identifier();
        if (!id) return false;
        if (is_lower(ns)) {  // implementation-internal namespaces are not shown
          return id->name.empty() || print("::" + id->name);
        }
        const std::string kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : std::string(1, ns);
        std::string text = "::{" + kind;
        if (!id->name.empty()) text += ":" + id->name;
        text += "#" + std::to_string(id->disambiguator) + "}";
        return print(text);
      }
      case 'I': {  // generic arguments
        if (!path(in_value)) return false;
        if (in_value && !print("::")) return false;
        if (!print("<")) return false;
        for (size_t i = 0; !eat('E'); ++i) {
          if (at_end() || (i != 0 && !print(", ")) || !generic_arg()) return false;
        }
        return print(">");
      }
      case 'B':
        return backref([&] { return path(in_value); });
      default:
        return false;
    }
  }

  // <impl-path> = [<disambiguator>] <path>, never shown.
  bool impl_path() {
    Silence silence(*this);
    return optional_base62('s').has_value() && path(false);
  }

  bool generic_arg() {
    if (eat('L')) {
      const auto index = base62();
      return index && print_lifetime(*index);
    }
    if (eat('K')) return const_value();
    return type();
  }

  static std::optional<std::string_view> basic_type(char c) {
    switch (c) {
      case 'a': return "i8";
      case 'b': return "bool";
      case 'c': return "char";
      case 'd': return "f64";
      case 'e': return "str";
      case 'f': return "f32";
      case 'h': return "u8";
      case 'i': return "isize";
      case 'j': return "usize";
      case 'l': return "i32";
      case 'm': return "u32";
      case 'n': return "i128";
      case 'o': return "u128";
      case 's': return "i16";
      case 't': return "u16";
      case 'u': return "()";
      case 'v': return "...";
      case 'x': return "i64";
      case 'y': return "u64";
      case 'z': return "!";
      case 'p': return "_";
      default: return std::nullopt;
    }
  }

  bool type() {
    Nesting nesting(*this);
    if (nesting.too_deep()) return false;
    const char tag = next();
    if (is_lower(tag)) {
      const auto name = basic_type(tag);
      return name && print(*name);
    }
    switch (tag) {
      case 'A':
        return print("[") && type() && print("; ") && const_value() && print("]");
      case 'S':
        return print("[") && type() && print("]");
      case 'T': {
        if (!print("(")) return false;
        size_t count = 0;
        for (; !eat('E'); ++count) {
          if (at_end() || (count != 0 && !print(", ")) || !type()) return false;
        }
        return (count != 1 || print(",")) && print(")");
      }
      case 'R':
      case 'Q': {
        if (!print("&")) return false;
        if (eat('L')) {
          const auto index = base62();
          // An erased lifetime is not shown on references.
          if (!index || (*index != 0 && !(print_lifetime(*index) && print(" ")))) return false;
        }
        return (tag == 'R' || print("mut ")) && type();
      }
      case 'P':
        return print("*const ") && type();
      case 'O':
        return print("*mut ") && type();
      case 'F':
        return fn_signature();
      case 'D':
        return dyn_trait_type();
      case 'B':
        return backref([&] { return type(); });
      default:
        // A named type is a path.
        --pos_;
        return path(false);
    }
  }

  // <fn-sig> = [<binder>] ["U"] ["K" <abi>] {<type>} "E" <type>
  bool fn_signature() {
    const uint64_t outer_lifetimes = bound_lifetimes_;
    if (!binder()) return false;
    if (eat('U') && !print("unsafe ")) return false;
    if (eat('K')) {
      std::string abi;
      if (eat('C')) {
        abi = "C";
      } else {
        if (peek() == 'u') return false;  // ABI names are ASCII, never Punycode
        auto name = undisambiguated_identifier();
        if (!name) return false;
        abi = std::move(*name);
        for (char& c : abi)
          if (c == '_') c = '-';  // the mangler turned dashes into underscores
      }
      if (!print("extern \"" + abi + "\" ")) return false;
    }
    if (!print("fn(")) return false;
    for (size_t i = 0; !eat('E'); ++i) {
      if (at_end() || (i != 0 && !print(", ")) || !type()) return false;
    }
    if (!print(")")) return false;
    if (eat('u')) {  // returns (): not shown
      bound_lifetimes_ = outer_lifetimes;
      return true;
    }
    const bool ok = print(" -> ") && type();
    bound_lifetimes_ = outer_lifetimes;
    return ok;
  }

  // <dyn-trait-type> = "D" <dyn-bounds> <lifetime>; <dyn-bounds> = [<binder>] {<dyn-trait>} "E"
  bool dyn_trait_type() {
    const uint64_t outer_lifetimes = bound_lifetimes_;
    if (!print("dyn ") || !binder()) return false;
    for (size_t i = 0; !eat('E'); ++i) {
      if (at_end() || (i != 0 && !print(" + ")) || !dyn_trait()) return false;
    }
    bound_lifetimes_ = outer_lifetimes;
    if (!eat('L')) return false;
    const auto index = base62();
    if (!index) return false;
    return *index == 0 || (print(" + ") && print_lifetime(*index));
  }

  // <dyn-trait> = <path> {"p" <undisambiguated-identifier> <type>}: Trait<Assoc = Type>.
  bool dyn_trait() {
    if (!path(false)) return false;
    bool any_binding = false;
    while (eat('p')) {
      if (!any_binding && printing_ && !out_.empty() && out_.back() == '>') {
        out_.pop_back();  // the trait's own generic arguments stay open for the bindings
        if (!print(", ")) return false;
      } else if (!print(any_binding ? ", " : "<")) {
        return false;
      }
      any_binding = true;
      const auto name = undisambiguated_identifier();
      if (!name || !print(*name) || !print(" = ") || !type()) return false;
    }
    return !any_binding || print(">");
  }

  // <const> = <type> <const-data> | "p" | <backref>
  bool const_value() {
    Nesting nesting(*this);
    if (nesting.too_deep()) return false;
    const char tag = next();
    if (tag == 'p') return print("_");
    if (tag == 'B') return backref([&] { return const_value(); });
    const bool negative = eat('n');
    const size_t digits_start = pos_;
    while (!at_end() && peek() != '_') {
      const char c = next();
      if (!is_digit(c) && !(c >= 'a' && c <= 'f')) return false;
    }
    const std::string_view hex = sym_.substr(digits_start, pos_ - digits_start);
    // The mangler writes at least one digit ("0_" for zero) and no leading zeros.
    if (hex.empty() || (hex.size() > 1 && hex[0] == '0') || !eat('_')) return false;
    const auto value = parse_hex(hex);
    switch (tag) {
      case 'a': case 's': case 'l': case 'x': case 'n': case 'i':  // signed integers
      case 'h': case 't': case 'm': case 'y': case 'o': case 'j': {  // unsigned integers
        if (negative && (tag == 'h' || tag == 't' || tag == 'm' || tag == 'y' || tag == 'o' || tag == 'j'))
          return false;
        const std::string digits = value ? std::to_string(*value) : "0x" + std::string(hex);
        return print(negative ? "-" + digits : digits);
      }
      case 'b':
        if (negative || !value || *value > 1) return false;
        return print(*value ? "true" : "false");
      case 'c': {
        if (negative || !value || *value > 0x10FFFF) return false;
        std::string literal = "'";
        if (!append_char_literal(uint32_t(*value), literal)) return false;
        return print(literal + "'");
      }
      default:
        return false;  // other const types (str, arrays, ADTs) are not part of this grammar
    }
  }

  static std::optional<uint64_t> parse_hex(std::string_view hex) {
    uint64_t value = 0;
    if (hex.size() > 16) return std::nullopt;
    for (char c : hex) value = value * 16 + uint64_t(is_digit(c) ? c - '0' : c - 'a' + 10);
    return value;
  }

  // A char constant as Rust writes it between single quotes.
  static bool append_char_literal(uint32_t code_point, std::string& out) {
    switch (code_point) {
      case '\'': out += "\\'"; return true;
      case '\\': out += "\\\\"; return true;
      case '\n': out += "\\n"; return true;
      case '\r': out += "\\r"; return true;
      case '\t': out += "\\t"; return true;
      case 0: out += "\\0"; return true;
      default: break;
    }
    if (code_point < 0x20 || code_point == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u{";
      if (code_point >= 16) out += kHex[code_point >> 4];
      out += kHex[code_point & 15];
      out += "}";
      return true;
    }
    return append_utf8(code_point, out);
  }

  std::string_view sym_;
  size_t pos_ = 0;
  std::string out_;
  bool printing_ = true;
  int depth_ = 0;
  size_t steps_ = 0;
  uint64_t bound_lifetimes_ = 0;
};

}  // namespace

std::optional<std::string> demangle_rust_v0(std::string_view symbol) {
  if (!symbol.starts_with("_R")) return std::nullopt;
  return V0Demangler(symbol.substr(2)).run();
}

}  // namespace wasmprof::profile
