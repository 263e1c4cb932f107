#include "profile/symbols/demangle.hh"

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <string>

#include "profile/symbols/rust_v0_budget.hh"

namespace wasmprof::profile {
namespace {

// --- Itanium C++ (clang/emscripten modules) ---------------------------------------------------

TEST(Demangle, ItaniumNestedNamesAndParameters) {
  EXPECT_EQ(demangle("_ZN3foo3barEv"), "foo::bar()");
  EXPECT_EQ(demangle("_ZNK3Foo3getEv"), "Foo::get() const");
  EXPECT_EQ(demangle("_ZN12_GLOBAL__N_14workEv"), "(anonymous namespace)::work()");
}

TEST(Demangle, ItaniumTemplates) {
  EXPECT_EQ(demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"),
            "std::vector<int, std::allocator<int> >::push_back(int const&)");
  EXPECT_EQ(demangle("_Z3maxIiET_S0_S0_"), "int max<int>(int, int)");
}

TEST(Demangle, ItaniumOperators) {
  EXPECT_EQ(demangle("_ZN4math7Vector3plERKS0_"), "math::Vector3::operator+(math::Vector3 const&)");
  EXPECT_EQ(demangle("_ZN3FooixEm"), "Foo::operator[](unsigned long)");
  EXPECT_EQ(demangle("_ZlsRSoRK3Foo"), "operator<<(std::ostream&, Foo const&)");
}

TEST(Demangle, PlainNamesAndGarbageStayAsTheyAre) {
  EXPECT_EQ(demangle("main"), "main");
  EXPECT_EQ(demangle("wasm-function[5]"), "wasm-function[5]");
  EXPECT_EQ(demangle("i"), "i");  // a bare type encoding is not a symbol
  EXPECT_EQ(demangle("_Z"), "_Z");
  EXPECT_EQ(demangle("_Zinvalid!"), "_Zinvalid!");
  EXPECT_EQ(demangle(""), "");
  EXPECT_EQ(demangle("_R"), "_R");
  // A NUL inside is kept, not taken for the end of the symbol.
  const std::string with_nul("_RNvC3foo3bar\0x", 15);
  EXPECT_EQ(demangle(with_nul), with_nul);
}

// --- Rust legacy ------------------------------------------------------------------------------

TEST(Demangle, RustLegacyDropsTheHash) {
  EXPECT_EQ(demangle("_ZN4core3fmt5write17h0123456789abcdefE"), "core::fmt::write");
  EXPECT_EQ(demangle("_ZN3foo17h05af221e174051e9E.llvm.1234"), "foo");  // LLVM's suffix dropped
}

TEST(Demangle, RustLegacyDecodesEscapes) {
  EXPECT_EQ(demangle("_ZN49_$LT$app..Pixel$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE"),
            "<app::Pixel as core::fmt::Display>::fmt");
  EXPECT_EQ(demangle("_ZN70_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop"
                     "17h1c0a4d3c5e6f7a8bE"),
            "<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop");
  EXPECT_EQ(demangle("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h9b8a7c6d5e4f3a2bE"),
            "std::rt::lang_start::{{closure}}");
  EXPECT_EQ(demangle("_ZN4test13_$RF$$BP$$SP$17h0000000000000000E"), "test::&*@");
}

TEST(Demangle, WithoutAHashItIsCxx) {
  EXPECT_EQ(demangle("_ZN3foo3barE"), "foo::bar");
  // An unknown escape is not Rust's: the C++ demangler's name, which keeps the text and the hash.
  EXPECT_EQ(demangle("_ZN3foo5$XX$a17h0123456789abcdefE"), "foo::$XX$a::h0123456789abcdef");
  // A hash in a C++ signature, template or qualified name is not Rust's either.
  EXPECT_EQ(demangle("_ZN3foo17h0123456789abcdefEv"), "foo::h0123456789abcdef()");
  EXPECT_EQ(demangle("_ZNSt3foo17h0123456789abcdefE"), "std::foo::h0123456789abcdef");
}

// --- Rust v0: the examples of the rustc book's "v0 Symbol Format" -----------------------------

TEST(Demangle, RustV0Paths) {
  EXPECT_EQ(demangle("_RNvCs15kBYyAo9fc_7mycrate7example"), "mycrate::example");
  EXPECT_EQ(demangle("_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3newCs15kBYyAo9fc_7mycrate"),
            "<std::path::PathBuf>::new");
  EXPECT_EQ(demangle("_RNvMs_Cs4Cv8Wi1oAIB_7mycrateNtB4_7Example3foo"), "<mycrate::Example>::foo");
  EXPECT_EQ(demangle("_RNvXCs15kBYyAo9fc_7mycrateNtB2_7ExampleNtB2_5Trait3foo"),
            "<mycrate::Example as mycrate::Trait>::foo");
  EXPECT_EQ(demangle("_RNvYNtCs15kBYyAo9fc_7mycrate7ExampleNtB4_5Trait7exampleB4_"),
            "<mycrate::Example as mycrate::Trait>::example");
  EXPECT_EQ(demangle("_RNvNvNvCs7qp2U7fqm6G_7mycrate7EXAMPLE7___getit5___KEY$tlv$init"),
            "mycrate::EXAMPLE::__getit::__KEY");  // vendor suffix dropped
}

TEST(Demangle, RustV0Closures) {
  EXPECT_EQ(demangle("_RNCNvCsgStHSCytQ6I_7mycrate4main0B3_"), "mycrate::main::{closure#0}");
  EXPECT_EQ(demangle("_RNCNvCsgStHSCytQ6I_7mycrate4mains_0B3_"), "mycrate::main::{closure#1}");
  // A generic closure, its instantiating crate a backref to the crate root.
  EXPECT_EQ(demangle("_RINCNvC3foo4main0hEB4_"), "foo::main::{closure#0}::<u8>");
  EXPECT_EQ(demangle("_RNSNvC3foo3bar6vtable"), "foo::bar::{shim:vtable#0}");
}

TEST(Demangle, RustV0Generics) {
  EXPECT_EQ(demangle("_RINvCsgStHSCytQ6I_7mycrate7examplelKj1_EB2_"), "mycrate::example::<i32, 1>");
  EXPECT_EQ(demangle("_RINvCs7qp2U7fqm6G_7mycrate7exampleKy12345678_EB2_"), "mycrate::example::<305419896>");
  EXPECT_EQ(demangle("_RINvCs7qp2U7fqm6G_7mycrate7exampleAtj8_EB2_"), "mycrate::example::<[u16; 8]>");
  EXPECT_EQ(demangle("_RNvNvMCsd9PVOYlP1UU_7mycrateINtB4_7ExamplepKpE3foo14EXAMPLE_STATIC"),
            "<mycrate::Example<_, _>>::foo::EXAMPLE_STATIC");
  EXPECT_EQ(demangle("_RINvMsY_NtCseXNvpPnDBDp_3std4pathNtB6_4Path3neweECs7qp2U7fqm6G_7mycrate"),
            "<std::path::Path>::new::<str>");
}

TEST(Demangle, RustV0Backrefs) {
  EXPECT_EQ(demangle("_RINvCs7qp2U7fqm6G_7mycrate7exampleNtB2_7ExampleBw_EB2_"),
            "mycrate::example::<mycrate::Example, mycrate::Example>");
  EXPECT_EQ(demangle("_RIC7backrefNvB0_5identE"), "backref::<backref::ident>");
  // A backref must point before itself.
  EXPECT_EQ(demangle("_RB_"), "_RB_");
  EXPECT_EQ(demangle("_RB5_"), "_RB5_");
  EXPECT_EQ(demangle("_RNvB_1a"), "_RNvB_1a");
}

TEST(Demangle, RustV0Types) {
  EXPECT_EQ(demangle("_RINvC3foo3barTlhEE"), "foo::bar::<(i32, u8)>");
  EXPECT_EQ(demangle("_RINvC3foo3barTlEE"), "foo::bar::<(i32,)>");
  EXPECT_EQ(demangle("_RINvC3foo3barRhQReE"), "foo::bar::<&u8, &mut &str>");
  EXPECT_EQ(demangle("_RINvC3foo3barPhOuE"), "foo::bar::<*const u8, *mut ()>");
  EXPECT_EQ(demangle("_RINvC3foo3barShAhj10_E"), "foo::bar::<[u8], [u8; 16]>");
  EXPECT_EQ(demangle("_RINvC3foo3barzvpE"), "foo::bar::<!, ..., _>");
  // Named types are type paths: their generic arguments come without "::".
  EXPECT_EQ(demangle("_RINvC3foo3barINtC5alloc3VechEE"), "foo::bar::<alloc::Vec<u8>>");
}

TEST(Demangle, RustV0Consts) {
  EXPECT_EQ(demangle("_RINvC3foo3barKln5_Kb1_Kb0_Kc41_Kc27_E"), "foo::bar::<-5, true, false, 'A', '\\''>");
  // A char that is not printable ASCII is an escape, as llvm-cxxfilt and GNU c++filt show it
  // (rustfilt would print the U+00F8 itself).
  EXPECT_EQ(demangle("_RINvC3foo3barKcf8_E"), "foo::bar::<'\\u{f8}'>");
  EXPECT_EQ(demangle("_RINvC3foo3barKoffffffffffffffffffff_E"), "foo::bar::<0xffffffffffffffffffff>");
  EXPECT_EQ(demangle("_RINvC3foo3barKb2_E"), "_RINvC3foo3barKb2_E");  // not a bool
  EXPECT_EQ(demangle("_RINvC3foo3barKb_E"), "_RINvC3foo3barKb_E");    // no digits
  EXPECT_EQ(demangle("_RINvC3foo3barKln_E"), "_RINvC3foo3barKln_E");
  EXPECT_EQ(demangle("_RINvC3foo3barKj01_E"), "_RINvC3foo3barKj01_E");  // leading zero
  // A negative u32 is no symbol rustc writes; LLVM prints it as it reads (rustfilt would refuse it).
  EXPECT_EQ(demangle("_RINvC3foo3barKmn5_E"), "foo::bar::<-5>");
}

TEST(Demangle, RustV0FunctionPointersAndLifetimes) {
  EXPECT_EQ(demangle("_RINvCs7qp2U7fqm6G_7mycrate7exampleFG0_RL1_hRL0_tEuEB2_"),
            "mycrate::example::<for<'a, 'b> fn(&'a u8, &'b u16)>");
  EXPECT_EQ(demangle("_RINvC3foo3barFUKCjEhE"), "foo::bar::<unsafe extern \"C\" fn(usize) -> u8>");
  EXPECT_EQ(demangle("_RINvC3foo3barFK9rust_callEuE"), "foo::bar::<extern \"rust-call\" fn()>");
  EXPECT_EQ(demangle("_RINvC3foo3barL_E"), "foo::bar::<'_>");
  EXPECT_EQ(demangle("_RINvC3foo3barFKu9rust_callEuE"), "_RINvC3foo3barFKu9rust_callEuE");  // Punycode ABI
}

TEST(Demangle, RustV0TraitObjects) {
  EXPECT_EQ(demangle("_RINvC3foo3barDNtC4core3AnyEL_E"), "foo::bar::<dyn core::Any>");
  EXPECT_EQ(demangle("_RINvC3foo3barDG_INtC4core2FnTRL0_hEEp6OutputhEL_E"),
            "foo::bar::<dyn for<'a> core::Fn<(&'a u8,), Output = u8>>");
  EXPECT_EQ(demangle("_RINvC3foo3barDNtC4core3AnyNtBe_4SendEL_E"), "foo::bar::<dyn core::Any + core::Send>");
}

TEST(Demangle, RustV0Punycode) {
  EXPECT_EQ(demangle("_RNvNtNtCsgOH4LzxkuMq_7mycrateu8gdel_5qa6escher4bach"),
            "mycrate::g\xC3\xB6" "del::escher::bach");
  EXPECT_EQ(demangle("_RNvC7mycrateu6f_5gaa"), "mycrate::f\xC3\xB8\xC3\xB8");
  EXPECT_EQ(demangle("_RNvC7mycrateu6n84amf"), "mycrate::\xE9\x93\x81\xE9\x94\x88");
  EXPECT_EQ(demangle("_RNvC7mycrateu4fq9h"), "mycrate::\xF0\x9F\xA4\xA6");
  EXPECT_EQ(demangle("_RNvC7mycrateu7___ylb7e"), "mycrate::\xCE\xB1_\xCF\x89");  // α_ω
  EXPECT_EQ(demangle("_RNvC7mycrateu6_2xaedc"), "mycrate::\xCF\x81\xCF\x85\xCF\x83\xCF\x84");  // ρυστ
  EXPECT_EQ(demangle("_RNvC7mycrateu2!!"), "_RNvC7mycrateu2!!");
  EXPECT_EQ(demangle("_RNvC7mycrateu4Send"), "_RNvC7mycrateu4Send");  // rustc writes lower case only
}

TEST(Demangle, RustV0MalformedOrHostileInputIsLeftAlone) {
  EXPECT_EQ(demangle("_RNvC3foo"), "_RNvC3foo");          // identifier missing
  EXPECT_EQ(demangle("_RNvC3foo3bar!"), "_RNvC3foo3bar!");  // trailing junk that is no suffix
  EXPECT_EQ(demangle("_RNvC9foo3bar"), "_RNvC9foo3bar");   // length beyond the end
  EXPECT_EQ(demangle("_R0NvC3foo3bar"), "_R0NvC3foo3bar");  // unknown encoding version
  EXPECT_EQ(demangle("_RC0"), "_RC0");  // a crate of no name: an empty name is no name
  // Deep nesting must not exhaust the stack.
  const std::string deep = "_RINvC1a1b" + std::string(100000, 'S') + "hE";
  EXPECT_EQ(demangle(deep), deep);
  const std::string nested = "_R" + std::string(5000, 'N') + "v";
  EXPECT_EQ(demangle(nested), nested);
}

// <base-62-number> as the mangler writes it, to build symbols with backrefs.
std::string base62(uint64_t value) {
  if (value == 0) return "_";
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string digits;
  for (uint64_t rest = value - 1;; rest /= 62) {
    digits.insert(digits.begin(), kDigits[rest % 62]);
    if (rest < 62) break;
  }
  return digits + "_";
}

TEST(Demangle, RustV0BackrefsThatDoubleTheOutputAreCut) {
  EXPECT_EQ(base62(1000), "g7_");  // the book's example
  // Each tuple holds the previous one twice: 60 levels would print 2^60 tuples.
  std::string body = "INvC1a1b";
  size_t previous = body.size();
  body += "ThE";
  for (int level = 0; level < 60; ++level) {
    const size_t here = body.size();
    body += "TB" + base62(previous) + "B" + base62(previous) + "E";
    previous = here;
  }
  body += "E";
  const std::string symbol = "_R" + body;
  EXPECT_FALSE(rust_v0_printing_within_budget(symbol));  // LLVM would print without end
  EXPECT_EQ(demangle(symbol), symbol);
  // Two levels are fine.
  EXPECT_EQ(demangle("_RINvC1a1bThETB7_B7_EE"), "a::b::<(u8,), ((u8,), (u8,))>");
}

TEST(Demangle, RustV0PrintBudgetCountsEachReparseOfABackref) {
  // 20 bytes after "_R", and the 3 bytes of "ThE" again for each of the two backrefs to it.
  EXPECT_TRUE(rust_v0_printing_within_budget("_RINvC1a1bThETB7_B7_EE", 26));
  EXPECT_FALSE(rust_v0_printing_within_budget("_RINvC1a1bThETB7_B7_EE", 25));
  // The instantiating crate is not printed, so its backref is not followed: 21 bytes.
  EXPECT_TRUE(rust_v0_printing_within_budget("_RINCNvC3foo4main0hEB4_", 21));
  EXPECT_FALSE(rust_v0_printing_within_budget("_RINCNvC3foo4main0hEB4_", 20));
  // A binder prints each lifetime it binds: 30 bytes and 2 lifetimes.
  EXPECT_TRUE(rust_v0_printing_within_budget("_RINvC3foo3barFG0_RL1_hRL0_tEuEE", 32));
  EXPECT_FALSE(rust_v0_printing_within_budget("_RINvC3foo3barFG0_RL1_hRL0_tEuEE", 31));
}

TEST(Demangle, RustV0VendorSuffixesAreDropped) {
  EXPECT_EQ(demangle("_RNvCs15kBYyAo9fc_7mycrate7example.llvm.1234"), "mycrate::example");
  EXPECT_EQ(demangle("_RNvCs15kBYyAo9fc_7mycrate7example$tlv$init"), "mycrate::example");
}

}  // namespace
}  // namespace wasmprof::profile

namespace wasmprof::profile {
namespace {

// Damaged copies of valid symbols (bytes replaced, cut, duplicated), as a hostile module
// could put in its name section: the demanglers must return without reading out of bounds
// (the sanitizer build checks that) and give back text.
TEST(Demangle, DamagedSymbolsAreHandled) {
  const std::string seeds[] = {
      "_RINvCs7qp2U7fqm6G_7mycrate7exampleFG0_RL1_hRL0_tEuEB2_",
      "_RINvC3foo3barDG_INtC4core2FnTRL0_hEEp6OutputhEL_E",
      "_RNvNtNtCsgOH4LzxkuMq_7mycrateu8gdel_5qa6escher4bach",
      "_RINvC3foo3barKln5_Kb1_Kb0_Kc41_Kc27_E",
      "_RINvCs7qp2U7fqm6G_7mycrate7exampleNtB2_7ExampleBw_EB2_",
      "_ZN70_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h1c0a4d3c5e6f7a8bE",
      "_ZNSt6vectorIiSaIiEE9push_backERKi",
  };
  static constexpr char kAlphabet[] = "_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$.";
  uint32_t state = 12345;
  const auto random = [&](uint32_t bound) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state % bound;
  };
  size_t changed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string symbol = seeds[random(std::size(seeds))];
    for (uint32_t edits = 1 + random(3); edits > 0; --edits) {
      const size_t at = random(uint32_t(symbol.size()));
      switch (random(3)) {
        case 0: symbol[at] = kAlphabet[random(sizeof kAlphabet - 1)]; break;
        case 1: symbol.resize(at); break;
        default: symbol.insert(at, symbol.substr(at, random(8))); break;
      }
      if (symbol.empty()) symbol = "_R";
    }
    const std::string name = demangle(symbol);
    if (name != symbol) ++changed;
  }
  EXPECT_GT(changed, 0u);  // some damaged symbols still decode
}

}  // namespace
}  // namespace wasmprof::profile
