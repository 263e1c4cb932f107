// The profile's shared string array: each distinct string once, referred to by index.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wasmprof::profile {

class StringTable {
 public:
  // Returns the index of `text`, appending it on first use. The table keeps its own copy.
  uint32_t index_of(std::string_view text) {
    if (auto it = indices_.find(text); it != indices_.end()) return it->second;
    const std::string& stored = storage_.emplace_back(text);  // deque: stable addresses
    const auto index = uint32_t(order_.size());
    order_.push_back(stored);
    indices_.emplace(stored, index);
    return index;
  }

  const std::vector<std::string_view>& strings() const { return order_; }

 private:
  std::deque<std::string> storage_;
  std::vector<std::string_view> order_;
  std::unordered_map<std::string_view, uint32_t> indices_;
};

}  // namespace wasmprof::profile
