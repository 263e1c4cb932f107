// A streaming JSON writer: values go straight into a buffer that is flushed to an ostream in
// large chunks, so a profile with millions of samples is written in one linear pass without
// building a document tree. The caller is responsible for the shape (objects hold keys before
// values); the writer handles separators, string escaping and number formatting.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace wasmprof::profile {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out);
  ~JsonWriter();  // flushes what is still buffered
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view name);

  void string(std::string_view text);  // invalid UTF-8 is written as U+FFFD
  void number(double value);           // shortest text that reads back as the same double
  void number(int64_t value);
  void number(uint64_t value);
  void number(uint32_t value) { number(uint64_t(value)); }
  void number(int32_t value) { number(int64_t(value)); }
  void boolean(bool value);
  void null();

  // Writes the buffer to the stream; false when the stream has failed.
  bool flush();

 private:
  void before_value();
  void raw(std::string_view text) { buffer_.append(text); }
  void maybe_flush() {
    if (buffer_.size() >= kFlushThreshold) flush();
  }

  static constexpr size_t kFlushThreshold = 1 << 16;

  std::ostream& out_;
  std::string buffer_;
  // One entry per open object/array: whether it already holds an element (so a comma is due).
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace wasmprof::profile
