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

bool one_of(char c, std::string_view set) { return c != '\0' && set.find(c) != std::string_view::npos; }

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kBasicTypes = "abcdefhijlmnopstuvxyz";
constexpr std::string_view kConstTypes = "aslxnihtmyojbc";  // integers, bool, char
constexpr std::string_view kHexDigits = "0123456789abcdef";

class V0Walk {
 public:
  V0Walk(std::string_view mangled, size_t budget) : in_(mangled), budget_(budget) {}

  bool within_budget() {
    path();
    if (!failed_ && pos_ < in_.size()) {  // the instantiating crate, which is not printed
      Restore quiet(printing_, false);
      path();
    }
    return steps_ <= budget_;
  }

 private:
  // Sets a variable for the life of the object, then puts back what it was.
  template <class T>
  class Restore {
   public:
    Restore(T& variable, T value) : variable_(variable), saved_(variable) { variable_ = value; }
    ~Restore() { variable_ = saved_; }
    Restore(const Restore&) = delete;
    Restore& operator=(const Restore&) = delete;

   private:
    T& variable_;
    T saved_;
  };

  // Entered by each path, type and const, as LLVM counts its nesting.
  Restore<int> nest() {
    if (depth_ >= kMaxDepth) failed_ = true;
    return Restore<int>(depth_, depth_ + 1);
  }

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

  // <base-62-number> = {<0-9a-zA-Z>} "_", the value + 1 ("_" is 0). LLVM refuses overflows.
  uint64_t base62() {
    if (eat('_')) return 0;
    uint64_t value = 0;
    for (char c = next(); !failed_ && c != '_'; c = next()) {
      const size_t digit = one_of(c, kDigits) ? size_t(c - '0') : 10 + kLetters.find(c);
      if (!one_of(c, kDigits) && !one_of(c, kLetters)) failed_ = true;
      if (failed_ || value > (UINT64_MAX - digit) / 62) failed_ = true;
      if (!failed_) value = value * 62 + digit;
    }
    if (failed_ || value == UINT64_MAX) failed_ = true;
    return failed_ ? 0 : value + 1;
  }

  // A `tag` and a base-62-number (disambiguators, binders): 0 when absent, else number + 1.
  uint64_t optional_base62(char tag) {
    if (!eat(tag)) return 0;
    const uint64_t value = base62();
    if (failed_ || value == UINT64_MAX) failed_ = true;
    return failed_ ? 0 : value + 1;
  }

  // <undisambiguated-identifier> = ["u"] <decimal-number> ["_"] <bytes>
  void identifier() {
    const bool punycode = eat('u');
    if (!one_of(peek(), kDigits)) failed_ = true;
    uint64_t length = 0;
    if (!eat('0')) {
      // Past the symbol's length LLVM reads on, but fails below all the same.
      while (one_of(peek(), kDigits) && length <= in_.size()) length = length * 10 + uint64_t(next() - '0');
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
    if (failed_ || target >= pos_) failed_ = true;
    if (failed_ || !printing_) return;
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
    const auto nesting = nest();
    switch (next()) {
      case 'C':  // crate root
        optional_base62('s');
        return identifier();
      case 'M':  // <Type>
        impl_path();
        return type();
      case 'X':  // <Type as Trait>
        impl_path();
        [[fallthrough]];
      case 'Y':  // <Type as Trait>
        type();
        return path();
      case 'N':  // nested: a namespace letter, the parent path, the identifier
        if (!one_of(next(), kLetters)) failed_ = true;
        path();
        optional_base62('s');
        return identifier();
      case 'I':  // generic arguments
        path();
        while (!failed_ && !eat('E')) generic_arg();
        return;
      case 'B':
        return backref([&] { path(); });
      default:
        failed_ = true;
    }
  }

  // <impl-path> = [<disambiguator>] <path>, never printed.
  void impl_path() {
    Restore quiet(printing_, false);
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

  void type() {
    const auto nesting = nest();
    const size_t start = pos_;
    const char tag = next();
    if (one_of(tag, kBasicTypes)) return;
    switch (tag) {
      case 'A':  // [T; N]
        type();
        return constant();
      case 'S':  // [T]
      case 'P':  // *const T
      case 'O':  // *mut T
        return type();
      case 'T':  // tuple
        while (!failed_ && !eat('E')) type();
        return;
      case 'R':  // &T, &mut T
      case 'Q':
        if (eat('L')) base62();
        return type();
      case 'F':  // <fn-sig> = [<binder>] ["U"] ["K" <abi>] {<type>} "E" <type>
        binder();
        eat('U');
        if (eat('K') && !eat('C')) identifier();
        while (!failed_ && !eat('E')) type();
        if (!eat('u')) type();
        return;
      case 'D':  // dyn Trait + 'a: [<binder>] {<path> {"p" <identifier> <type>}} "E" "L" <lifetime>
        binder();
        while (!failed_ && !eat('E')) {
          path();
          while (!failed_ && eat('p')) {
            identifier();
            type();
          }
        }
        if (!eat('L')) failed_ = true;
        base62();
        return;
      case 'B':
        return backref([&] { type(); });
      default:  // a named type is a path
        if (failed_) return;
        pos_ = start;
        return path();
    }
  }

  // <const> = <type> <const-data> | "p" | <backref>; <const-data> = ["n"] <hex-number> "_"
  void constant() {
    const auto nesting = nest();
    const char tag = next();
    if (tag == 'p') return;
    if (tag == 'B') return backref([&] { constant(); });
    if (!one_of(tag, kConstTypes)) {
      failed_ = true;
      return;
    }
    eat('n');
    if (eat('0')) {
      if (!eat('_')) failed_ = true;
      return;
    }
    for (char c = next(); !failed_ && c != '_'; c = next()) {
      if (!one_of(c, kHexDigits)) failed_ = true;
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
