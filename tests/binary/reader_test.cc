#include "binary/reader.hh"

#include <gtest/gtest.h>

#include "support/wasm_builder.hh"

namespace wasmprof {
namespace {

using test::Bytes;

template <class F>
Error error_of(const Bytes& bytes, F read) {
  Reader reader(bytes, 100);
  try {
    read(reader);
  } catch (const WasmError& e) {
    return e.error();
  }
  ADD_FAILURE() << "expected a decoding error";
  return {};
}

TEST(Reader, UnsignedLebDecodesAllLengths) {
  Bytes bytes = {0x00, 0x7F, 0x80, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x80, 0x80, 0x80, 0x80, 0x00};
  Reader reader(bytes);
  EXPECT_EQ(reader.u32(), 0u);
  EXPECT_EQ(reader.u32(), 127u);
  EXPECT_EQ(reader.u32(), 128u);
  EXPECT_EQ(reader.u32(), 0xFFFFFFFFu);
  EXPECT_EQ(reader.u32(), 0u);  // a padded zero is allowed within five bytes
  EXPECT_TRUE(reader.at_end());
}

TEST(Reader, UnsignedLebRejectsSixthByteAndHighBits) {
  Error too_long = error_of({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, [](Reader& r) { r.u32(); });
  EXPECT_EQ(too_long.message, "integer representation too long");
  EXPECT_EQ(too_long.offset, 104u);  // the fifth byte, absolute
  Error too_large = error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, [](Reader& r) { r.u32(); });
  EXPECT_EQ(too_large.message, "integer too large");
}

TEST(Reader, SignedLebChecksSignExtensionOfLastByte) {
  {
    Bytes bytes = {0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x78};
    Reader reader(bytes);
    EXPECT_EQ(reader.s32(), -1);
    EXPECT_EQ(reader.s32(), -1);
    EXPECT_EQ(reader.s32(), INT32_MIN);
  }
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, [](Reader& r) { r.s32(); }).message, "integer too large");
  EXPECT_EQ(error_of({0x80, 0x80, 0x80, 0x80, 0x70}, [](Reader& r) { r.s32(); }).message, "integer too large");
  {
    Bytes bytes = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    Reader reader(bytes);
    EXPECT_EQ(reader.s64(), INT64_MAX);
  }
  EXPECT_EQ(error_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}, [](Reader& r) { r.s64(); }).message,
            "integer too large");
}

TEST(Reader, S33CoversTypeIndicesBeyondInt32) {
  Bytes bytes = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  Reader reader(bytes);
  EXPECT_EQ(reader.s33(), 0xFFFFFFFFll);
}

TEST(Reader, ReadingPastTheEndFailsWithOffset) {
  Error error = error_of({0x01, 0x02}, [](Reader& r) { r.bytes(3); });
  EXPECT_EQ(error.kind, ErrorKind::Malformed);
  EXPECT_EQ(error.offset, 100u);
  EXPECT_EQ(error.message, "unexpected end");
}

TEST(Reader, NameLengthBeyondInputIsRejectedBeforeAllocating) {
  Error error = error_of({0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a'}, [](Reader& r) { r.name(); });
  EXPECT_EQ(error.message, "length out of bounds");
}

// The rules themselves are tested with the UTF-8 module (tests/support/utf8_test.cc); here,
// that a name is held to them and the error points at the name.
TEST(Reader, NameMustBeValidUtf8) {
  Bytes bytes = {0x02, 0xC3, 0xA9, 0x02, 0xC0, 0xAF};  // "é", then an overlong '/'
  Reader reader(bytes, 100);
  EXPECT_EQ(reader.name(), "\xC3\xA9");
  Error error = error_of({0x02, 0xC0, 0xAF}, [](Reader& r) { r.name(); });
  EXPECT_EQ(error.message, "malformed UTF-8 encoding");
  EXPECT_EQ(error.offset, 100u);
}

}  // namespace
}  // namespace wasmprof
