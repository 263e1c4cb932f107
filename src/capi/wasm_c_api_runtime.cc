// The standard C API's configs, engines, stores and modules (wasm.h), over the wasmprof C API's
// objects, and the bridge to those objects (wasmprof_wasm.h).
#include <cstring>

#include "capi/wasm_c_api.hh"

using namespace wasmprof;

wasm_store_t::wasm_store_t(const Engine& store_engine) : engine(store_engine) {
  wasmprof_engine engine_handle{engine};
  store = wasmprof_store_new(&engine_handle, nullptr, nullptr);
  // wasm.h has no resource limits: a store may hold as many instances, tables and memories as
  // the embedder makes (the standard's finalize example makes 200,000 instances in one store).
  wasmprof_store_limiter(store, -1, -1, INT64_MAX, INT64_MAX, INT64_MAX);
}

wasm_store_t::~wasm_store_t() {
  // The embedder's finalizers first, while the objects they were set on still exist.
  host_infos.clear();
  wasmprof_store_delete(store);
}

namespace {

// wasm_module_serialize's format: this header, then the module's bytes. The bytes are compiled
// again on deserialization; the header only makes sure they are what was serialized.
constexpr char kSerializedMagic[8] = {'w', 'a', 's', 'm', 'p', 'r', 'o', 'f'};
constexpr uint32_t kSerializedVersion = 1;

struct SerializedHeader {
  char magic[8];
  uint32_t version;
  uint32_t reserved;
  uint64_t length;    // of the module's bytes
  uint64_t checksum;  // FNV-1a of the module's bytes
};
static_assert(sizeof(SerializedHeader) == 32);

uint64_t fnv1a(const uint8_t* bytes, size_t size) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  return hash;
}

std::span<const uint8_t> bytes_of(const wasm_byte_vec_t& binary) {
  return {reinterpret_cast<const uint8_t*>(binary.data), binary.size};
}

Result<Module> compile(const wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (store == nullptr || binary == nullptr || (binary->data == nullptr && binary->size != 0))
    return capi::usage_error("NULL store or binary");
  return Module::compile(store->engine, bytes_of(*binary));
}

}  // namespace

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t{}; }
void wasm_config_delete(wasm_config_t* config) { delete config; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{wasmprof_engine{Engine()}}; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  std::unique_ptr<wasm_config_t> taken(config);
  return new wasm_engine_t{wasmprof_engine{Engine(taken ? taken->config.config : Config{})}};
}
void wasm_engine_delete(wasm_engine_t* engine) { delete engine; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  return engine != nullptr ? new wasm_store_t(engine->engine.engine) : nullptr;
}
void wasm_store_delete(wasm_store_t* store) { delete store; }

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  Result<Module> module = compile(store, binary);
  return module ? new wasm_module_t(std::move(module).value()) : nullptr;
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return compile(store, binary).ok();
}

void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  if (out == nullptr) return;
  if (module == nullptr) return wasm_byte_vec_new_empty(out);
  const std::span<const uint8_t> bytes = module->module.module.bytes();
  SerializedHeader header{};
  std::memcpy(header.magic, kSerializedMagic, sizeof header.magic);
  header.version = kSerializedVersion;
  header.length = bytes.size();
  header.checksum = fnv1a(bytes.data(), bytes.size());
  wasm_byte_vec_new_uninitialized(out, sizeof header + bytes.size());
  std::memcpy(out->data, &header, sizeof header);
  if (!bytes.empty()) std::memcpy(out->data + sizeof header, bytes.data(), bytes.size());
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* serialized) {
  if (store == nullptr || serialized == nullptr || serialized->size < sizeof(SerializedHeader)) return nullptr;
  SerializedHeader header;
  std::memcpy(&header, serialized->data, sizeof header);
  const auto* bytes = reinterpret_cast<const uint8_t*>(serialized->data) + sizeof header;
  if (std::memcmp(header.magic, kSerializedMagic, sizeof header.magic) != 0 || header.version != kSerializedVersion ||
      header.length != serialized->size - sizeof header || header.checksum != fnv1a(bytes, header.length))
    return nullptr;
  Result<Module> module = Module::compile(store->engine, std::span<const uint8_t>(bytes, header.length));
  return module ? new wasm_module_t(std::move(module).value()) : nullptr;
}

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  return module != nullptr ? new wasm_shared_module_t{module->module.module} : nullptr;
}
void wasm_shared_module_delete(wasm_shared_module_t* shared) { delete shared; }

wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  // A module is compiled for its engine: only that engine's stores may instantiate it.
  if (store == nullptr || shared == nullptr || !(shared->module.engine() == store->engine)) return nullptr;
  return new wasm_module_t(shared->module);
}

// ---- The bridge to the wasmprof C API (wasmprof_wasm.h) ----

wasmprof_config_t* wasmprof_wasm_config(wasm_config_t* config) { return config != nullptr ? &config->config : nullptr; }
wasmprof_engine_t* wasmprof_wasm_engine(wasm_engine_t* engine) { return engine != nullptr ? &engine->engine : nullptr; }
wasmprof_store_t* wasmprof_wasm_store(wasm_store_t* store) { return store != nullptr ? store->store : nullptr; }
const wasmprof_module_t* wasmprof_wasm_module(const wasm_module_t* module) {
  return module != nullptr ? &module->module : nullptr;
}

}  // extern "C"
