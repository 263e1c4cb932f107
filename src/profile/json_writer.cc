#include "profile/json_writer.hh"

#include <charconv>
#include <cmath>

namespace wasmprof::profile {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// Length of the well-formed UTF-8 sequence starting at text[0] (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 when it is not one.
size_t utf8_sequence_length(std::string_view text) {
  const auto byte = [&](size_t i) { return uint8_t(text[i]); };
  const uint8_t lead = byte(0);
  size_t length = 0;
  uint8_t second_min = 0x80, second_max = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  for (size_t i = 2; i < length; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return length;
}

}  // namespace

JsonWriter::JsonWriter(std::ostream& out) : out_(out) { buffer_.reserve(kFlushThreshold + 4096); }

JsonWriter::~JsonWriter() { flush(); }

bool JsonWriter::flush() {
  if (!buffer_.empty()) {
    out_.write(buffer_.data(), std::streamsize(buffer_.size()));
    buffer_.clear();
  }
  return bool(out_);
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_element_.empty()) {
    if (has_element_.back()) buffer_.push_back(',');
    has_element_.back() = true;
  }
}

void JsonWriter::begin_object() {
  before_value();
  buffer_.push_back('{');
  has_element_.push_back(false);
}

void JsonWriter::end_object() {
  buffer_.push_back('}');
  has_element_.pop_back();
  maybe_flush();
}

void JsonWriter::begin_array() {
  before_value();
  buffer_.push_back('[');
  has_element_.push_back(false);
}

void JsonWriter::end_array() {
  buffer_.push_back(']');
  has_element_.pop_back();
  maybe_flush();
}

void JsonWriter::key(std::string_view name) {
  string(name);
  buffer_.push_back(':');
  after_key_ = true;
}

void JsonWriter::string(std::string_view text) {
  before_value();
  buffer_.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    const auto c = uint8_t(text[i]);
    if (c >= 0x80) {
      const size_t length = utf8_sequence_length(text.substr(i));
      if (length == 0) {
        buffer_.append(kReplacementCharacter);
        ++i;
      } else {
        buffer_.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': raw("\\\""); break;
      case '\\': raw("\\\\"); break;
      case '\n': raw("\\n"); break;
      case '\r': raw("\\r"); break;
      case '\t': raw("\\t"); break;
      case '\b': raw("\\b"); break;
      case '\f': raw("\\f"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          static constexpr char kHex[] = "0123456789abcdef";
          const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          buffer_.append(escape, sizeof escape);
        } else {
          buffer_.push_back(char(c));
        }
    }
    ++i;
  }
  buffer_.push_back('"');
  maybe_flush();
}

void JsonWriter::number(double value) {
  before_value();
  // JSON has no NaN or Infinity (the browser's JSON.parse rejects them); callers check values
  // beforehand, so this is a last line of defence that keeps the document parseable.
  if (!std::isfinite(value)) {
    raw("null");
    return;
  }
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  buffer_.append(text, result.ptr);
  maybe_flush();
}

void JsonWriter::number(int64_t value) {
  before_value();
  char text[24];
  const auto result = std::to_chars(text, text + sizeof text, value);
  buffer_.append(text, result.ptr);
  maybe_flush();
}

void JsonWriter::number(uint64_t value) {
  before_value();
  char text[24];
  const auto result = std::to_chars(text, text + sizeof text, value);
  buffer_.append(text, result.ptr);
  maybe_flush();
}

void JsonWriter::boolean(bool value) {
  before_value();
  raw(value ? "true" : "false");
}

void JsonWriter::null() {
  before_value();
  raw("null");
}

}  // namespace wasmprof::profile
