// Sorted code addresses with a bucket table over them: upper_bound first jumps to the bucket of
// the address (one probe), then binary-searches the handful of entries inside it. A plain
// binary search over a big module's ~700k line rows makes ~20 probes that each miss the cache
// when lookups come in random order, as samples do.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmprof::profile {

class DwarfAddressIndex {
 public:
  DwarfAddressIndex() = default;
  // `sorted` ascending. Buckets cover [0, limit) (the code's size: anything past it is rare and
  // takes a plain binary search), so their table stays proportional to the code, whatever
  // addresses hostile DWARF claims.
  DwarfAddressIndex(std::vector<uint32_t> sorted, uint32_t limit) : addresses_(std::move(sorted)) {
    size_t buckets = (size_t(limit) >> kBucketBits) + 1;
    bucket_starts_.reserve(buckets + 1);
    size_t index = 0;
    for (size_t bucket = 0; bucket <= buckets; ++bucket) {
      uint64_t bucket_start = uint64_t(bucket) << kBucketBits;
      while (index < addresses_.size() && addresses_[index] < bucket_start) ++index;
      bucket_starts_.push_back(uint32_t(index));
    }
  }

  // Index of the first address greater than `address` (addresses_.size() if none).
  size_t upper_bound(uint32_t address) const {
    size_t bucket = address >> kBucketBits;
    size_t low = 0, high = addresses_.size();
    if (bucket + 1 < bucket_starts_.size()) {
      // Entries before the bucket are below it, entries after it are above `address`.
      low = bucket_starts_[bucket];
      high = bucket_starts_[bucket + 1];
    } else if (!bucket_starts_.empty()) {
      low = bucket_starts_.back();
    }
    return size_t(std::upper_bound(addresses_.begin() + long(low), addresses_.begin() + long(high), address) -
                  addresses_.begin());
  }

  size_t size() const { return addresses_.size(); }

 private:
  static constexpr unsigned kBucketBits = 6;  // 64 bytes of code: about a dozen line rows
  std::vector<uint32_t> addresses_;
  std::vector<uint32_t> bucket_starts_;
};

}  // namespace wasmprof::profile
