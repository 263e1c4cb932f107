// Internal error propagation: the decoder and validator throw WasmError deep inside and the
// layer boundary turns it into a Result. Exceptions keep the hot decoding paths free of checks
// on every return; they are only ever thrown for bad input.
#pragma once

#include <stdexcept>

#include "wasmprof/result.hh"

namespace wasmprof {

class WasmError : public std::runtime_error {
 public:
  explicit WasmError(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
  const Error& error() const { return error_; }
  Error& error() { return error_; }

 private:
  Error error_;
};

// An error with just a kind and a message (no byte offset): link, limit, usage errors.
Error make_error(ErrorKind kind, std::string message);

[[noreturn]] void throw_error(ErrorKind kind, std::string message, std::optional<size_t> offset = {});

}  // namespace wasmprof
