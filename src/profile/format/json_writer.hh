// A streaming JSON writer: values go straight into a buffer that is flushed to an ostream in
// large chunks, so a profile with millions of samples is written in one linear pass without
// building a document tree. The caller is responsible for the shape (objects hold keys before
// values). Separators, escaping and number formatting are RapidJSON's Writer; this class adds
// what a profile needs around it: names that are not UTF-8 are repaired rather than refused,
// and numbers JSON cannot hold become null. RapidJSON stays inside json_writer.cc.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string_view>

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
  void key(std::string_view name);     // invalid UTF-8 is written as U+FFFD, as in string()

  void string(std::string_view text);  // invalid UTF-8 is written as U+FFFD
  void number(double value);           // shortest text that reads back as the same double; NaN, inf: null
  void number(int64_t value);
  void number(uint64_t value);
  void number(uint32_t value) { number(uint64_t(value)); }
  void number(int32_t value) { number(int64_t(value)); }
  void boolean(bool value);
  void null();

  // Writes the buffer to the stream; false when the stream has failed (or, which the repair
  // before every string rules out, RapidJSON refused a string).
  bool flush();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace wasmprof::profile
