#include "profile/format/json_writer.hh"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <string>

#include "support/utf8.hh"

namespace wasmprof::profile {
namespace {

constexpr size_t kFlushThreshold = 1 << 16;

// RapidJSON validates every string's UTF-8 as it writes it. It fails on invalid UTF-8 (after
// writing part of the string) instead of repairing it, so strings are repaired before they get
// there; the validation stays as the guarantee that no invalid UTF-8 ever reaches a file.
using Writer = rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::UTF8<>,
                                 rapidjson::CrtAllocator, rapidjson::kWriteValidateEncodingFlag>;

}  // namespace

struct JsonWriter::State {
  explicit State(std::ostream& stream) : out(stream), writer(buffer) {}

  void maybe_flush() {
    if (buffer.GetSize() >= kFlushThreshold) flush();
  }
  void flush() {
    out.write(buffer.GetString(), std::streamsize(buffer.GetSize()));
    buffer.Clear();
  }
  // `text` as a JSON string, through `write` (Writer::String or Writer::Key).
  template <class Write>
  void write_text(std::string_view text, Write write) {
    if (is_valid_utf8(text)) {
      written &= write(text);
    } else {
      const std::string repaired = repair_utf8(text);
      written &= write(repaired);
    }
    maybe_flush();
  }

  std::ostream& out;
  rapidjson::StringBuffer buffer;
  Writer writer;
  bool written = true;  // false once the writer has refused a value
};

JsonWriter::JsonWriter(std::ostream& out) : state_(std::make_unique<State>(out)) {}

JsonWriter::~JsonWriter() { flush(); }

bool JsonWriter::flush() {
  state_->flush();
  return state_->written && bool(state_->out);
}

void JsonWriter::begin_object() { state_->writer.StartObject(); }

void JsonWriter::end_object() {
  state_->writer.EndObject();
  state_->maybe_flush();
}

void JsonWriter::begin_array() { state_->writer.StartArray(); }

void JsonWriter::end_array() {
  state_->writer.EndArray();
  state_->maybe_flush();
}

void JsonWriter::key(std::string_view name) {
  state_->write_text(name, [&](std::string_view valid) {
    return state_->writer.Key(valid.data(), rapidjson::SizeType(valid.size()));
  });
}

void JsonWriter::string(std::string_view text) {
  state_->write_text(text, [&](std::string_view valid) {
    return state_->writer.String(valid.data(), rapidjson::SizeType(valid.size()));
  });
}

void JsonWriter::number(double value) {
  // JSON has no NaN or Infinity (the browser's JSON.parse rejects them, and RapidJSON refuses
  // to write them); callers check values beforehand, so this is a last line of defence that
  // keeps the document parseable.
  if (!std::isfinite(value)) {
    state_->writer.Null();
    return;
  }
  state_->writer.Double(value);
  state_->maybe_flush();
}

void JsonWriter::number(int64_t value) {
  state_->writer.Int64(value);
  state_->maybe_flush();
}

void JsonWriter::number(uint64_t value) {
  state_->writer.Uint64(value);
  state_->maybe_flush();
}

void JsonWriter::boolean(bool value) { state_->writer.Bool(value); }

void JsonWriter::null() { state_->writer.Null(); }

}  // namespace wasmprof::profile
