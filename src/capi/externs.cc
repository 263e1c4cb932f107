// Memories, globals and tables of a store, through their handles.
#include "capi/capi_objects.hh"

using namespace wasmprof;

namespace {

std::optional<Memory> memory_of(const wasmprof_context_t* context, const wasmprof_memory_t* memory) {
  if (context == nullptr || !capi::belongs(capi::context_of(context), memory)) return std::nullopt;
  return capi::handle_of(capi::context_of(context), *memory);
}

std::optional<Global> global_of(const wasmprof_context_t* context, const wasmprof_global_t* global) {
  if (context == nullptr || !capi::belongs(capi::context_of(context), global)) return std::nullopt;
  return capi::handle_of(capi::context_of(context), *global);
}

}  // namespace

extern "C" {

uint8_t* wasmprof_memory_data(const wasmprof_context_t* context, const wasmprof_memory_t* memory) {
  std::optional<Memory> found = memory_of(context, memory);
  return found ? found->data(capi::context_of(context)) : nullptr;
}

size_t wasmprof_memory_data_size(const wasmprof_context_t* context, const wasmprof_memory_t* memory) {
  std::optional<Memory> found = memory_of(context, memory);
  return found ? size_t(found->data_size(capi::context_of(context))) : 0;
}

uint64_t wasmprof_memory_size(const wasmprof_context_t* context, const wasmprof_memory_t* memory) {
  std::optional<Memory> found = memory_of(context, memory);
  return found ? found->size(capi::context_of(context)) : 0;
}

wasmprof_error_t* wasmprof_memory_grow(wasmprof_context_t* context, const wasmprof_memory_t* memory,
                                       uint64_t delta, uint64_t* prev_size) {
  std::optional<Memory> found = memory_of(context, memory);
  if (!found) return capi::new_usage_error("memory is null or of another store");
  if (delta > kMaxPages) return capi::new_usage_error("cannot grow a memory by " + std::to_string(delta) + " pages");
  Result<uint32_t> previous = found->grow(capi::context_of(context), uint32_t(delta));
  if (!previous) return new wasmprof_error{previous.error()};
  if (prev_size != nullptr) *prev_size = previous.value();
  return nullptr;
}

void wasmprof_global_get(wasmprof_context_t* context, const wasmprof_global_t* global, wasmprof_val_t* out) {
  std::optional<Global> found = global_of(context, global);
  if (!found || out == nullptr) return;
  *out = capi::to_c_val(capi::context_of(context), found->get(capi::context_of(context)));
}

wasmprof_error_t* wasmprof_global_set(wasmprof_context_t* context, const wasmprof_global_t* global,
                                      const wasmprof_val_t* val) {
  std::optional<Global> found = global_of(context, global);
  if (!found) return capi::new_usage_error("global is null or of another store");
  if (val == nullptr) return capi::new_usage_error("wasmprof_global_set: NULL value");
  Result<Val> value = capi::to_val(capi::context_of(context), *val);
  if (!value) return new wasmprof_error{value.error()};
  Result<Ok> done = found->set(capi::context_of(context), value.value());
  return done ? nullptr : new wasmprof_error{done.error()};
}

uint64_t wasmprof_table_size(const wasmprof_context_t* context, const wasmprof_table_t* table) {
  if (context == nullptr || !capi::belongs(capi::context_of(context), table)) return 0;
  const StoreContext store = capi::context_of(context);
  return capi::handle_of(store, *table).size(store);
}

}  // extern "C"
