// Walks a v0 symbol the way LLVM's demangler parses it (the grammar of RFC 2603 / the rustc
// book, "v0 Symbol Format"), printing nothing: it follows a backref into its target wherever
// LLVM would print it, and counts the steps. It checks only what it needs to know where each
// part ends, and gives up only where LLVM must give up too, so it never counts less work than
// LLVM does (LLVM rejects what it lets through, and stops sooner).
#include "profile/symbols/rust_v0_budget.hh"

#include <cstdint>

namespace wasmprof::profile {
namespace {

// LLVM stops at a nesting of 500 paths, types and consts; walking a little deeper only counts
// more.
constexpr int kMaxDepth = 600;

class V0Walk {
 public:
  V0Walk(std::string_view mangled, size_t budget) : in_(mangled), budget_(budget) {}

  bool within_budget() {
    path();
    // The instantiating crate, which is not printed.
    if (!failed_ && pos_ < in_.size()) {
      Quiet quiet(*this);
      path();
    }
    return steps_ <= budget_;
  }

 private:
  // Parts that are not printed (impl paths, the instantiating crate): their backrefs are not
  // followed.
  class Quiet {
   public:
    explicit Quiet(V0Walk& w) : w_(w), was_printing_(w.printing_) { w_.printing_ = false; }
    ~Quiet() { w_.printing_ = was_printing_; }
    Quiet(const Quiet&) = delete;
    Quiet& operator=(const Quiet&) = delete;

   private:
    V0Walk& w_;
    bool was_printing_;
  };

  class Nesting {
   public:
    explicit Nesting(V0Walk& w) : w_(w) {
      if (++w_.depth_ > kMaxDepth) w_.failed_ = true;
    }
    ~Nesting() { --w_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    V0Walk& w_;
  };

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
  static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

  void count(uint64_t steps) {
    steps_ += size_t(steps);
    if (steps_ > budget_) failed_ = true;  // the answer is known: stop walking
  }
  char peek() const { return failed_ || pos_ >= in_.size() ? '\0' : in_[pos_]; }
  char next() {
    if (failed_ || pos_ >= in_.size()) {
      failed_ = true;
      return '\0';
    }
    count(1);
    return in_[pos_++];
  }
  bool eat(char c) {
    if (failed_ || peek() != c) return false;
    next();
    return true;
  }

  // <base-62-number> = {<0-9a-zA-Z>} "_", the value + 1 ("_" is 0).
  uint64_t base62() {
    if (eat('_')) return 0;
    uint64_t value = 0;
    for (char c = next(); !failed_ && c != '_'; c = next()) {
      uint64_t digit;
      if (is_digit(c)) {
        digit = uint64_t(c - '0');
      } else if (is_lower(c)) {
        digit = uint64_t(c - 'a') + 10;
      } else if (is_upper(c)) {
        digit = uint64_t(c - 'A') + 36;
      } else {
        failed_ = true;
        return 0;
      }
      if (value > (UINT64_MAX - digit) / 62) {
        failed_ = true;  // LLVM rejects an overflow
        return 0;
      }
      value = value * 62 + digit;
    }
    if (failed_ || value == UINT64_MAX) {
      failed_ = true;
      return 0;
    }
    return value + 1;
  }

  // A `tag` and a base-62-number (disambiguators, binders): 0 when absent, else number + 1.
  uint64_t optional_base62(char tag) {
    if (!eat(tag)) return 0;
    const uint64_t value = base62();
    if (failed_ || value == UINT64_MAX) {
      failed_ = true;
      return 0;
    }
    return value + 1;
  }

  // <undisambiguated-identifier> = ["u"] <decimal-number> ["_"] <bytes>
  void identifier() {
    const bool punycode = eat('u');
    if (!is_digit(peek())) {
      failed_ = true;
      return;
    }
    uint64_t length = 0;
    if (!eat('0')) {
      while (!failed_ && is_digit(peek())) {
        length = length * 10 + uint64_t(next() - '0');
        if (length > in_.size()) break;  // LLVM reads on, but it fails below all the same
      }
    }
    eat('_');
    if (failed_ || length > in_.size() - pos_) {
      failed_ = true;
      return;
    }
    pos_ += size_t(length);
    count(length);
    // Printing decodes Punycode by inserting each character into what it decoded so far.
    if (punycode && printing_) count(length * length / 64);
  }

  // <backref> = "B" <base-62-number>: printing parses the target again.
  template <class Parse>
  void backref(Parse&& parse) {
    const uint64_t target = base62();
    if (failed_ || target >= pos_) {
      failed_ = true;
      return;
    }
    if (!printing_) return;
    const size_t resume = pos_;
    pos_ = size_t(target);
    parse();
    pos_ = resume;
  }

  // <binder> = "G" <base-62-number>: LLVM loops over that many lifetimes (printing them), up
  // to the length of the symbol.
  void binder() {
    const uint64_t lifetimes = optional_base62('G');
    if (!failed_) count(lifetimes < in_.size() ? lifetimes : in_.size());
  }

  void path() {
    Nesting nesting(*this);
    switch (next()) {
      case 'C':  // crate root
        optional_base62('s');
        identifier();
        return;
      case 'M':  // <Type>
        impl_path();
        type();
        return;
      case 'X':  // <Type as Trait>
        impl_path();
        type();
        path();
        return;
      case 'Y':  // <Type as Trait>
        type();
        path();
        return;
      case 'N': {
        const char ns = next();
        if (!is_lower(ns) && !is_upper(ns)) {
          failed_ = true;
          return;
        }
        path();
        optional_base62('s');
        identifier();
        return;
      }
      case 'I':  // generic arguments
        path();
        while (!failed_ && !eat('E')) generic_arg();
        return;
      case 'B':
        backref([&] { path(); });
        return;
      default:
        failed_ = true;
        return;
    }
  }

  // <impl-path> = [<disambiguator>] <path>, never printed.
  void impl_path() {
    Quiet quiet(*this);
    optional_base62('s');
    path();
  }

  void generic_arg() {
    if (eat('L')) {
      base62();
    } else if (eat('K')) {
      constant();
    } else {
      type();
    }
  }

  static bool is_basic_type(char c) {
    switch (c) {
      case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'h': case 'i': case 'j':
      case 'l': case 'm': case 'n': case 'o': case 'p': case 's': case 't': case 'u': case 'v':
      case 'x': case 'y': case 'z':
        return true;
      default:
        return false;
    }
  }

  void type() {
    Nesting nesting(*this);
    const size_t start = pos_;
    const char tag = next();
    if (is_basic_type(tag)) return;
    switch (tag) {
      case 'A':  // [T; N]
        type();
        constant();
        return;
      case 'S':  // [T]
      case 'P':  // *const T
      case 'O':  // *mut T
        type();
        return;
      case 'T':  // tuple
        while (!failed_ && !eat('E')) type();
        return;
      case 'R':  // &T, &mut T
      case 'Q':
        if (eat('L')) base62();
        type();
        return;
      case 'F':
        fn_signature();
        return;
      case 'D':  // dyn Trait + 'a
        binder();
        while (!failed_ && !eat('E')) dyn_trait();
        if (!eat('L')) failed_ = true;
        base62();
        return;
      case 'B':
        backref([&] { type(); });
        return;
      default:  // a named type is a path
        if (failed_) return;
        pos_ = start;
        path();
        return;
    }
  }

  // <fn-sig> = [<binder>] ["U"] ["K" <abi>] {<type>} "E" <type>
  void fn_signature() {
    binder();
    eat('U');
    if (eat('K') && !eat('C')) identifier();
    while (!failed_ && !eat('E')) type();
    if (!eat('u')) type();
  }

  // <dyn-trait> = <path> {"p" <undisambiguated-identifier> <type>}
  void dyn_trait() {
    path();
    while (!failed_ && eat('p')) {
      identifier();
      type();
    }
  }

  // <const> = <type> <const-data> | "p" | <backref>; <const-data> = ["n"] <hex-number> "_"
  void constant() {
    Nesting nesting(*this);
    const char tag = next();
    switch (tag) {
      case 'p':
        return;
      case 'B':
        backref([&] { constant(); });
        return;
      case 'a': case 's': case 'l': case 'x': case 'n': case 'i':
      case 'h': case 't': case 'm': case 'y': case 'o': case 'j': case 'b': case 'c':
        eat('n');
        if (eat('0')) {
          if (!eat('_')) failed_ = true;
          return;
        }
        for (char c = next(); !failed_ && c != '_'; c = next()) {
          if (!is_digit(c) && !(c >= 'a' && c <= 'f')) failed_ = true;
        }
        return;
      default:
        failed_ = true;
        return;
    }
  }

  std::string_view in_;
  size_t budget_;
  size_t pos_ = 0;
  size_t steps_ = 0;
  int depth_ = 0;
  bool printing_ = true;
  bool failed_ = false;
};

}  // namespace

bool rust_v0_printing_within_budget(std::string_view mangled, size_t budget) {
  if (!mangled.starts_with("_R")) return true;  // LLVM does nothing with it
  return V0Walk(mangled.substr(2), budget).within_budget();
}

}  // namespace wasmprof::profile
