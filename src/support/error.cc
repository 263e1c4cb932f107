#include "support/error.hh"

#include <cstdio>

namespace wasmprof {

std::string Error::to_string() const {
  std::string out;
  switch (kind) {
    case ErrorKind::Malformed: out = "malformed module: "; break;
    case ErrorKind::Invalid: out = "invalid module: "; break;
    case ErrorKind::Limit: out = "implementation limit: "; break;
    case ErrorKind::Io: out = "i/o error: "; break;
    case ErrorKind::Link: out = "link error: "; break;
    case ErrorKind::Trap: out = "trap: "; break;
    case ErrorKind::Usage: out = "usage error: "; break;
  }
  out += message;
  std::string where;
  auto add = [&where](const std::string& part) {
    where += where.empty() ? " (" : ", ";
    where += part;
  };
  if (!section.empty()) add(section + " section");
  if (function_index) add("function " + std::to_string(*function_index));
  if (offset) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "offset 0x%zx", *offset);
    add(buffer);
  }
  if (!where.empty()) where += ")";
  return out + where;
}

Error make_error(ErrorKind kind, std::string message) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

void throw_error(ErrorKind kind, std::string message, std::optional<size_t> offset) {
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  error.offset = offset;
  throw WasmError(std::move(error));
}

}  // namespace wasmprof
