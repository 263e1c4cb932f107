// What compiled code assumes of exec's structures it reads by offset (exec/native_code.hh).
#include <gtest/gtest.h>

#include "exec/native_code.hh"

namespace wasmprof::exec {
namespace {

// call_indirect reads a table's elements as [begin, end) at table_elements_offset(): true of the
// standard library this is built with, before and after the vector moves.
TEST(NativeCode, ATablesElementsAreWhereCompiledCodeReadsThem) {
  TableInstance table;
  auto words = [&] {
    return reinterpret_cast<const Ref* const*>(reinterpret_cast<const char*>(&table) + table_elements_offset());
  };
  EXPECT_EQ(words()[0], table.elements.data());
  EXPECT_EQ(words()[1], table.elements.data() + table.elements.size());
  for (Ref i = 1; i <= 100; ++i) {
    table.elements.push_back(i);
    ASSERT_EQ(words()[0], table.elements.data());
    ASSERT_EQ(words()[1], table.elements.data() + table.elements.size());
  }
}

}  // namespace
}  // namespace wasmprof::exec
