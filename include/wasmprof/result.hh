// Errors as values: every fallible public operation returns Result<T>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace wasmprof {

// What kind of rule an input broke, in the spec's vocabulary.
enum class ErrorKind : uint8_t {
  Malformed,  // not a well-formed binary (decoding failed)
  Invalid,    // well-formed but breaks a validation rule
  Limit,      // within the spec but beyond an implementation limit
  Io,         // the input could not be read
  Link,       // an import could not be satisfied (unknown or incompatible)
  Trap,       // execution trapped; Error::trap has the code and the wasm backtrace
  Usage,      // the embedder misused the API (wrong value types, objects of another store, ...)
};

class Trap;

struct Error {
  ErrorKind kind = ErrorKind::Malformed;
  std::string message;                    // "expected X, found Y" style
  std::optional<size_t> offset;           // byte offset in the module
  std::string section;                    // section being read ("code", "type", ...)
  std::optional<uint32_t> function_index; // wasm function index (imports counted)
  std::shared_ptr<const Trap> trap;       // kind == Trap: what trapped and where (see trap.hh)

  // One line: "invalid module: type mismatch: expected i32, found f64 (code section, function 7, offset 0x1a2)".
  std::string to_string() const;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};

}  // namespace wasmprof
