// Errors, traps and backtrace frames: the C++ API's Error and Trap behind opaque pointers.
#include <string>

#include "capi/capi_objects.hh"

struct wasmprof_frame {
  explicit wasmprof_frame(wasmprof::FrameInfo frame) : info(std::move(frame)) {
    // The names are views of the strings in `info`: set once the frame has its final address.
    if (info.func_name) func_name = {info.func_name->size(), info.func_name->data()};
    module_name = {info.module_name.size(), info.module_name.data()};
  }
  wasmprof_frame(const wasmprof_frame&) = delete;
  wasmprof_frame& operator=(const wasmprof_frame&) = delete;

  wasmprof::FrameInfo info;
  wasm_name_t func_name{0, nullptr};
  wasm_name_t module_name{0, nullptr};
};

namespace wasmprof::capi {

Error usage_error(std::string message) {
  Error error;
  error.kind = ErrorKind::Usage;
  error.message = std::move(message);
  return error;
}

wasmprof_error_t* new_usage_error(std::string message) { return new wasmprof_error{usage_error(std::move(message))}; }

Error take_error(wasmprof_error_t* error) {
  std::unique_ptr<wasmprof_error_t> owned(error);
  return std::move(owned->error);
}

Error take_trap(wasmprof_trap_t* trap) {
  std::unique_ptr<wasmprof_trap_t> owned(trap);
  return std::move(owned->error);
}

wasmprof_error_t* report(Error error, wasmprof_trap_t** trap) {
  if (error.kind == ErrorKind::Trap && error.trap && error.trap->code() != TrapCode::Exit) {
    *trap = new wasmprof_trap{std::move(error)};
    return nullptr;
  }
  return new wasmprof_error{std::move(error)};
}

namespace {

std::string describe(const wasmprof_error_t& error) {
  if (error.from_embedder) return error.error.message;
  if (error.error.kind == ErrorKind::Trap && error.error.trap) return error.error.trap->to_string();
  return error.error.to_string();
}

void frames_to_c(const std::vector<FrameInfo>& frames, wasmprof_frame_vec_t* out) {
  out->size = frames.size();
  out->data = frames.empty() ? nullptr : new wasmprof_frame_t*[frames.size()];
  for (size_t i = 0; i < frames.size(); ++i) out->data[i] = new wasmprof_frame(frames[i]);
}

std::optional<wasmprof_trap_code_t> trap_code(TrapCode code) {
  switch (code) {
    case TrapCode::StackOverflow: return WASMPROF_TRAP_CODE_STACK_OVERFLOW;
    case TrapCode::MemoryOutOfBounds: return WASMPROF_TRAP_CODE_MEMORY_OUT_OF_BOUNDS;
    // Wasmtime reports a call_indirect index beyond the table as a table access out of bounds.
    case TrapCode::TableOutOfBounds:
    case TrapCode::UndefinedElement: return WASMPROF_TRAP_CODE_TABLE_OUT_OF_BOUNDS;
    case TrapCode::IndirectCallToNull: return WASMPROF_TRAP_CODE_INDIRECT_CALL_TO_NULL;
    case TrapCode::BadSignature: return WASMPROF_TRAP_CODE_BAD_SIGNATURE;
    case TrapCode::IntegerOverflow: return WASMPROF_TRAP_CODE_INTEGER_OVERFLOW;
    case TrapCode::IntegerDivisionByZero: return WASMPROF_TRAP_CODE_INTEGER_DIVISION_BY_ZERO;
    case TrapCode::BadConversionToInteger: return WASMPROF_TRAP_CODE_BAD_CONVERSION_TO_INTEGER;
    case TrapCode::UnreachableCodeReached: return WASMPROF_TRAP_CODE_UNREACHABLE_CODE_REACHED;
    case TrapCode::Interrupt: return WASMPROF_TRAP_CODE_INTERRUPT;
    case TrapCode::OutOfFuel: return WASMPROF_TRAP_CODE_OUT_OF_FUEL;
    case TrapCode::HostError:
    case TrapCode::Exit: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<TrapCode> cpp_trap_code(wasmprof_trap_code_t code) {
  switch (code) {
    case WASMPROF_TRAP_CODE_STACK_OVERFLOW: return TrapCode::StackOverflow;
    case WASMPROF_TRAP_CODE_MEMORY_OUT_OF_BOUNDS: return TrapCode::MemoryOutOfBounds;
    case WASMPROF_TRAP_CODE_TABLE_OUT_OF_BOUNDS: return TrapCode::TableOutOfBounds;
    case WASMPROF_TRAP_CODE_INDIRECT_CALL_TO_NULL: return TrapCode::IndirectCallToNull;
    case WASMPROF_TRAP_CODE_BAD_SIGNATURE: return TrapCode::BadSignature;
    case WASMPROF_TRAP_CODE_INTEGER_OVERFLOW: return TrapCode::IntegerOverflow;
    case WASMPROF_TRAP_CODE_INTEGER_DIVISION_BY_ZERO: return TrapCode::IntegerDivisionByZero;
    case WASMPROF_TRAP_CODE_BAD_CONVERSION_TO_INTEGER: return TrapCode::BadConversionToInteger;
    case WASMPROF_TRAP_CODE_UNREACHABLE_CODE_REACHED: return TrapCode::UnreachableCodeReached;
    case WASMPROF_TRAP_CODE_INTERRUPT: return TrapCode::Interrupt;
    case WASMPROF_TRAP_CODE_OUT_OF_FUEL: return TrapCode::OutOfFuel;
  }
  return std::nullopt;
}

}  // namespace
}  // namespace wasmprof::capi

using namespace wasmprof;

extern "C" {

wasmprof_error_t* wasmprof_error_new(const char* message) {
  std::string text = message != nullptr ? message : "";
  // As a host error, so that a callback returning it makes the guest trap with this message.
  return new wasmprof_error{host_error(text), true};
}

void wasmprof_error_delete(wasmprof_error_t* error) { delete error; }

void wasmprof_error_message(const wasmprof_error_t* error, wasm_name_t* message) {
  const std::string text = error != nullptr ? capi::describe(*error) : std::string("(null error)");
  wasm_name_new(message, text.size(), text.data());
}

wasmprof_error_kind_t wasmprof_error_kind(const wasmprof_error_t* error) {
  if (error == nullptr) return WASMPROF_ERROR_USAGE;
  switch (error->error.kind) {
    case ErrorKind::Malformed: return WASMPROF_ERROR_MALFORMED;
    case ErrorKind::Invalid: return WASMPROF_ERROR_INVALID;
    case ErrorKind::Limit: return WASMPROF_ERROR_LIMIT;
    case ErrorKind::Io: return WASMPROF_ERROR_IO;
    case ErrorKind::Link: return WASMPROF_ERROR_LINK;
    case ErrorKind::Trap: return WASMPROF_ERROR_TRAP;
    case ErrorKind::Usage: return WASMPROF_ERROR_USAGE;
  }
  return WASMPROF_ERROR_USAGE;
}

bool wasmprof_error_offset(const wasmprof_error_t* error, size_t* offset) {
  if (error == nullptr || !error->error.offset) return false;
  *offset = *error->error.offset;
  return true;
}

bool wasmprof_error_exit_status(const wasmprof_error_t* error, int* status) {
  if (error == nullptr || !error->error.trap || !error->error.trap->exit_status()) return false;
  *status = *error->error.trap->exit_status();
  return true;
}

void wasmprof_error_wasm_trace(const wasmprof_error_t* error, wasmprof_frame_vec_t* out) {
  if (error == nullptr || !error->error.trap) return wasmprof_frame_vec_new_empty(out);
  capi::frames_to_c(error->error.trap->backtrace().frames(), out);
}

wasmprof_trap_t* wasmprof_trap_new(const char* message, size_t len) {
  return new wasmprof_trap{host_error(message != nullptr ? std::string(message, len) : std::string())};
}

wasmprof_trap_t* wasmprof_trap_new_code(wasmprof_trap_code_t code) {
  std::optional<TrapCode> found = capi::cpp_trap_code(code);
  if (!found) return nullptr;
  return new wasmprof_trap{Trap(*found, trap_code_message(*found), WasmBacktrace{}).to_error()};
}

void wasmprof_trap_delete(wasmprof_trap_t* trap) { delete trap; }

bool wasmprof_trap_code(const wasmprof_trap_t* trap, wasmprof_trap_code_t* code) {
  if (trap == nullptr || !trap->error.trap) return false;
  std::optional<wasmprof_trap_code_t> found = capi::trap_code(trap->error.trap->code());
  if (!found) return false;
  *code = *found;
  return true;
}

void wasmprof_trap_message(const wasmprof_trap_t* trap, wasm_message_t* out) {
  const std::string& text = trap->error.trap ? trap->error.trap->message() : trap->error.message;
  wasm_name_new(out, text.size() + 1, text.c_str());
}

void wasmprof_trap_trace(const wasmprof_trap_t* trap, wasmprof_frame_vec_t* out) {
  if (trap == nullptr || !trap->error.trap) return wasmprof_frame_vec_new_empty(out);
  capi::frames_to_c(trap->error.trap->backtrace().frames(), out);
}

wasmprof_frame_t* wasmprof_trap_origin(const wasmprof_trap_t* trap) {
  if (trap == nullptr || !trap->error.trap || trap->error.trap->backtrace().frames().empty()) return nullptr;
  return new wasmprof_frame(trap->error.trap->backtrace().frames().front());
}

void wasmprof_frame_vec_new_empty(wasmprof_frame_vec_t* out) {
  out->size = 0;
  out->data = nullptr;
}

void wasmprof_frame_vec_copy(wasmprof_frame_vec_t* out, const wasmprof_frame_vec_t* src) {
  out->size = src->size;
  out->data = src->size == 0 ? nullptr : new wasmprof_frame_t*[src->size];
  for (size_t i = 0; i < src->size; ++i) out->data[i] = new wasmprof_frame(src->data[i]->info);
}

void wasmprof_frame_vec_delete(wasmprof_frame_vec_t* vec) {
  if (vec == nullptr) return;
  for (size_t i = 0; i < vec->size; ++i) delete vec->data[i];
  delete[] vec->data;
  vec->data = nullptr;
  vec->size = 0;
}

wasmprof_frame_t* wasmprof_frame_copy(const wasmprof_frame_t* frame) { return new wasmprof_frame(frame->info); }
void wasmprof_frame_delete(wasmprof_frame_t* frame) { delete frame; }
uint32_t wasmprof_frame_func_index(const wasmprof_frame_t* frame) { return frame->info.func_index; }
size_t wasmprof_frame_module_offset(const wasmprof_frame_t* frame) { return frame->info.module_offset; }
size_t wasmprof_frame_func_offset(const wasmprof_frame_t* frame) { return frame->info.func_offset; }

const wasm_name_t* wasmprof_frame_func_name(const wasmprof_frame_t* frame) {
  return frame->info.func_name ? &frame->func_name : nullptr;
}

const wasm_name_t* wasmprof_frame_module_name(const wasmprof_frame_t* frame) {
  return frame->info.module_name.empty() ? nullptr : &frame->module_name;
}

}  // extern "C"
