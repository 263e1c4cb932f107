// The standard C API's traps and frames (wasm.h): messages, and the frames of the runtime's
// backtrace (function index, module offset, function offset).
#include <cstring>

#include "capi/wasm_c_api.hh"

using namespace wasmprof;

namespace {

// A trap's message: a trap's own, or the whole description of another error (a link error of
// an instantiation, a misuse of the API).
std::string message_of(const Error& error) {
  if (error.kind == ErrorKind::Trap && error.trap) return error.trap->message();
  return error.to_string();
}

const std::vector<FrameInfo>* frames_of(const wasm_trap_t* trap) {
  if (trap == nullptr || !trap->error->trap) return nullptr;
  return &trap->error->trap->backtrace().frames();
}

wasm_frame_t* new_frame(const FrameInfo& info) {
  return new wasm_frame_t{info.func_index, info.func_offset, info.module_offset};
}

}  // namespace

namespace wasmprof::capi {

wasm_trap_t* new_wasm_trap(Error error) { return new wasm_trap_t(std::make_shared<const Error>(std::move(error))); }

wasm_trap_t* new_wasm_trap(std::string message) { return new_wasm_trap(host_error(std::move(message))); }

Error take_wasm_trap(wasm_trap_t* trap) {
  std::unique_ptr<wasm_trap_t> taken(trap);
  // A trap of wasm passes through a host function unchanged (frames included); any other
  // error becomes the host function's trap, with its message.
  if (taken->error->kind == ErrorKind::Trap && taken->error->trap) return *taken->error;
  return host_error(message_of(*taken->error));
}

}  // namespace wasmprof::capi

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t*, const wasm_message_t* message) {
  std::string text;
  if (message != nullptr && message->data != nullptr) text.assign(message->data, message->size);
  // The message's NUL is the C string's end, not part of the message.
  while (!text.empty() && text.back() == '\0') text.pop_back();
  return capi::new_wasm_trap(std::move(text));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  if (out == nullptr) return;
  const std::string text = trap != nullptr ? message_of(*trap->error) : std::string();
  wasm_byte_vec_new_uninitialized(out, text.size() + 1);
  std::memcpy(out->data, text.c_str(), text.size() + 1);
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  const std::vector<FrameInfo>* frames = frames_of(trap);
  return frames != nullptr && !frames->empty() ? new_frame(frames->front()) : nullptr;
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  if (out == nullptr) return;
  const std::vector<FrameInfo>* frames = frames_of(trap);
  wasm_frame_vec_new_uninitialized(out, frames != nullptr ? frames->size() : 0);
  for (size_t i = 0; i < out->size; ++i) out->data[i] = new_frame((*frames)[i]);
}

void wasm_frame_delete(wasm_frame_t* frame) { delete frame; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* frame) { return frame != nullptr ? new wasm_frame_t(*frame) : nullptr; }
wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) { return nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* frame) { return frame != nullptr ? frame->func_index : 0; }
size_t wasm_frame_func_offset(const wasm_frame_t* frame) { return frame != nullptr ? frame->func_offset : 0; }
size_t wasm_frame_module_offset(const wasm_frame_t* frame) { return frame != nullptr ? frame->module_offset : 0; }

}  // extern "C"
