#include "spec_values.hh"

#include <cstring>
#include <stdexcept>
#include <string_view>

namespace wasmprof::spectest {
namespace {

std::string_view text(const rapidjson::Value& value, const char* member) {
  auto found = value.FindMember(member);
  if (found == value.MemberEnd() || !found->value.IsString())
    throw std::runtime_error(std::string("value without a string \"") + member + "\"");
  return {found->value.GetString(), found->value.GetStringLength()};
}

uint64_t parse_bits(std::string_view digits) {
  uint64_t result = 0;
  bool negative = false;
  size_t i = 0;
  if (!digits.empty() && digits[0] == '-') {
    negative = true;
    i = 1;
  }
  if (i == digits.size()) throw std::runtime_error("empty number");
  for (; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') throw std::runtime_error("not a number: " + std::string(digits));
    result = result * 10 + uint64_t(digits[i] - '0');
  }
  return negative ? uint64_t(0) - result : result;
}

unsigned lane_bits(std::string_view lane_type) {
  if (lane_type == "i8") return 8;
  if (lane_type == "i16") return 16;
  if (lane_type == "i32" || lane_type == "f32") return 32;
  if (lane_type == "i64" || lane_type == "f64") return 64;
  throw std::runtime_error("unknown lane type " + std::string(lane_type));
}

// A float result against an expected bit pattern or NaN class.
bool float_matches(std::string_view expected, uint64_t bits, unsigned width) {
  const uint64_t exponent_and_quiet = width == 32 ? 0x7FC00000u : 0x7FF8000000000000ull;
  const uint64_t magnitude = width == 32 ? 0x7FFFFFFFu : 0x7FFFFFFFFFFFFFFFull;
  if (expected == "nan:canonical") return (bits & magnitude) == exponent_and_quiet;
  if (expected == "nan:arithmetic") return (bits & exponent_and_quiet) == exponent_and_quiet;
  const uint64_t mask = width == 32 ? 0xFFFFFFFFu : ~uint64_t(0);
  return (bits & mask) == (parse_bits(expected) & mask);
}

std::string hex(uint64_t bits) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(bits));
  return buffer;
}

}  // namespace

exec::Ref extern_ref(uint64_t number) { return exec::Ref((number << 1) | 1); }

ValueType value_type_of(const rapidjson::Value& value) {
  const std::string_view type = text(value, "type");
  if (type == "i32") return ValueType::I32;
  if (type == "i64") return ValueType::I64;
  if (type == "f32") return ValueType::F32;
  if (type == "f64") return ValueType::F64;
  if (type == "v128") return ValueType::V128;
  if (type == "funcref") return ValueType::FuncRef;
  if (type == "externref") return ValueType::ExternRef;
  throw std::runtime_error("unknown value type " + std::string(type));
}

void append_argument(const rapidjson::Value& value, std::vector<exec::Slot>& slots) {
  const ValueType type = value_type_of(value);
  switch (type) {
    case ValueType::I32:
    case ValueType::F32:
      slots.push_back(parse_bits(text(value, "value")) & 0xFFFFFFFFu);
      return;
    case ValueType::I64:
    case ValueType::F64:
      slots.push_back(parse_bits(text(value, "value")));
      return;
    case ValueType::FuncRef:
    case ValueType::ExternRef: {
      const std::string_view number = text(value, "value");
      if (number == "null") {
        slots.push_back(exec::kNullRef);
      } else if (type == ValueType::ExternRef) {
        slots.push_back(extern_ref(parse_bits(number)));
      } else {
        throw std::runtime_error("a funcref argument other than null");
      }
      return;
    }
    case ValueType::V128: {
      const unsigned bits = lane_bits(text(value, "lane_type"));
      const rapidjson::Value& lanes = value["value"];
      uint8_t bytes[16] = {};
      for (rapidjson::SizeType i = 0; i < lanes.Size(); ++i) {
        const uint64_t lane = parse_bits({lanes[i].GetString(), lanes[i].GetStringLength()});
        std::memcpy(bytes + i * (bits / 8), &lane, bits / 8);
      }
      exec::Slot halves[2];
      std::memcpy(halves, bytes, 16);
      slots.push_back(halves[0]);
      slots.push_back(halves[1]);
      return;
    }
  }
}

bool result_matches(const rapidjson::Value& expected, const std::vector<exec::Slot>& slots, size_t& index,
                    std::string& detail) {
  const ValueType type = value_type_of(expected);
  const std::string_view type_name = to_string(type);
  if (index + (type == ValueType::V128 ? 2 : 1) > slots.size()) {
    detail = "fewer results than expected";
    return false;
  }
  const exec::Slot slot = slots[index++];
  switch (type) {
    case ValueType::I32:
    case ValueType::I64: {
      const uint64_t mask = type == ValueType::I32 ? 0xFFFFFFFFu : ~uint64_t(0);
      const uint64_t want = parse_bits(text(expected, "value")) & mask;
      if ((slot & mask) == want) return true;
      detail = std::string(type_name) + ": expected " + hex(want) + ", got " + hex(slot & mask);
      return false;
    }
    case ValueType::F32:
    case ValueType::F64: {
      const std::string_view want = text(expected, "value");
      if (float_matches(want, slot, type == ValueType::F32 ? 32 : 64)) return true;
      detail = std::string(type_name) + ": expected " + std::string(want) + ", got bits " + hex(slot);
      return false;
    }
    case ValueType::FuncRef:
    case ValueType::ExternRef: {
      auto found = expected.FindMember("value");
      if (found == expected.MemberEnd()) {  // any non-null reference
        if (slot != exec::kNullRef) return true;
        detail = std::string(type_name) + ": expected a non-null reference, got null";
        return false;
      }
      const std::string_view want = {found->value.GetString(), found->value.GetStringLength()};
      const exec::Ref expected_ref = want == "null" ? exec::kNullRef : extern_ref(parse_bits(want));
      if (slot == expected_ref) return true;
      detail = std::string(type_name) + ": expected " + std::string(want) + ", got " + hex(slot);
      return false;
    }
    case ValueType::V128: {
      uint8_t bytes[16];
      std::memcpy(bytes, &slot, 8);
      std::memcpy(bytes + 8, &slots[index++], 8);
      const std::string_view lane_type = text(expected, "lane_type");
      const unsigned bits = lane_bits(lane_type);
      const rapidjson::Value& lanes = expected["value"];
      for (rapidjson::SizeType i = 0; i < lanes.Size(); ++i) {
        uint64_t lane = 0;
        std::memcpy(&lane, bytes + i * (bits / 8), bits / 8);
        const std::string_view want = {lanes[i].GetString(), lanes[i].GetStringLength()};
        const bool ok = lane_type[0] == 'f' ? float_matches(want, lane, bits)
                                            : lane == (parse_bits(want) & (bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1));
        if (!ok) {
          detail = "v128 lane " + std::to_string(i) + " (" + std::string(lane_type) + "): expected " +
                   std::string(want) + ", got " + hex(lane);
          return false;
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace wasmprof::spectest
