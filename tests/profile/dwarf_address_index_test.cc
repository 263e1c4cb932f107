// DwarfAddressIndex must answer exactly as std::upper_bound, inside and past its buckets.
#include "profile/dwarf/dwarf_address_index.hh"

#include <gtest/gtest.h>

#include <random>

namespace wasmprof::profile {
namespace {

TEST(DwarfAddressIndexTest, AgreesWithUpperBoundEverywhere) {
  std::mt19937 random(3);
  for (uint32_t limit : {0u, 1u, 100u, 5000u}) {
    std::vector<uint32_t> addresses;
    for (int i = 0; i < 300; ++i) addresses.push_back(random() % (limit + 200));  // some past the limit
    addresses.push_back(UINT32_MAX);
    std::sort(addresses.begin(), addresses.end());
    DwarfAddressIndex index(addresses, limit);
    for (uint32_t address = 0; address < limit + 300; ++address) {
      size_t expected = size_t(std::upper_bound(addresses.begin(), addresses.end(), address) - addresses.begin());
      ASSERT_EQ(index.upper_bound(address), expected) << "address " << address << ", limit " << limit;
    }
    EXPECT_EQ(index.upper_bound(UINT32_MAX), addresses.size());
  }
}

TEST(DwarfAddressIndexTest, EmptyIndexFindsNothing) {
  DwarfAddressIndex index({}, 1000);
  EXPECT_EQ(index.upper_bound(0), 0u);
  EXPECT_EQ(index.upper_bound(999), 0u);
  EXPECT_EQ(DwarfAddressIndex().upper_bound(12345), 0u);
}

}  // namespace
}  // namespace wasmprof::profile
