#include "wasmprof/linker.hh"

#include <map>

#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "runtime/host_functions.hh"
#include "runtime/store_state.hh"
#include "support/error.hh"

namespace wasmprof {
namespace detail {
Extern to_extern(StoreState& store, const runtime::ExternValue& value);
bool belongs_to(const Extern& item, const StoreState& store);
}  // namespace detail

namespace {

struct HostDefinition {
  FuncType type;
  std::shared_ptr<const RawHostFunction> callback;
};

// One name's definition: a store-independent host function, or an object of one store.
struct Definition {
  std::optional<HostDefinition> host;
  std::optional<Extern> item;
  detail::StoreState* store = nullptr;
};

std::string describe(const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Function: return "func " + to_string(type.func);
    case ExternKind::Table: return "table of " + std::string(to_string(type.table.element));
    case ExternKind::Memory: return "memory";
    case ExternKind::Global:
      return std::string(type.global.is_mutable ? "mut " : "") + "global " + std::string(to_string(type.global.type));
  }
  return "?";
}

}  // namespace

struct Linker::Definitions {
  std::map<std::pair<std::string, std::string>, Definition, std::less<>> entries;
  bool allow_shadowing = false;

  Result<Ok> add(std::string module, std::string name, Definition definition) {
    auto key = std::make_pair(std::move(module), std::move(name));
    auto found = entries.find(key);
    if (found != entries.end()) {
      if (!allow_shadowing)
        return detail::usage_error("\"" + key.first + "\" \"" + key.second + "\" is already defined");
      found->second = std::move(definition);
      return Ok{};
    }
    entries.emplace(std::move(key), std::move(definition));
    return Ok{};
  }

  const Definition* find(std::string_view module, std::string_view name) const {
    auto found = entries.find(std::make_pair(std::string(module), std::string(name)));
    return found == entries.end() ? nullptr : &found->second;
  }
};

Linker::Linker(const Engine& engine) : engine_(engine), definitions_(std::make_unique<Definitions>()) {}
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

Linker& Linker::allow_shadowing(bool allow) {
  definitions_->allow_shadowing = allow;
  return *this;
}

Result<Ok> Linker::func_new(std::string module, std::string name, FuncType type, HostFunction callback) {
  RawHostFunction raw = detail::raw_from_dynamic(type, std::move(callback));
  return func_new_unchecked(std::move(module), std::move(name), std::move(type), std::move(raw));
}

Result<Ok> Linker::func_new_unchecked(std::string module, std::string name, FuncType type, RawHostFunction callback) {
  Definition definition;
  definition.host = HostDefinition{std::move(type), std::make_shared<const RawHostFunction>(std::move(callback))};
  return definitions_->add(std::move(module), std::move(name), std::move(definition));
}

Result<Ok> Linker::define(StoreContext store, std::string module, std::string name, Extern item) {
  if (!detail::belongs_to(item, store.state())) return detail::usage_error("definition from another store");
  Definition definition;
  definition.item = item;
  definition.store = &store.state();
  return definitions_->add(std::move(module), std::move(name), std::move(definition));
}

Result<Ok> Linker::define_instance(StoreContext store, std::string module, const Instance& instance) {
  for (auto& [name, item] : instance.exports(store)) {
    Result<Ok> added = define(store, module, name, item);
    if (!added) return added;
  }
  return Ok{};
}

Result<Ok> Linker::define_unknown_imports_as_traps(const Module& module) {
  for (const ImportType& import : module.imports()) {
    if (import.type.kind != ExternKind::Function || definitions_->find(import.module, import.name)) continue;
    std::string message = "unknown import \"" + import.module + "\" \"" + import.name + "\" was called";
    Definition definition;
    definition.host = HostDefinition{import.type.func, std::make_shared<const RawHostFunction>(
                                                           [message](Caller&, uint64_t*) -> Result<Ok> {
                                                             return host_error(message);
                                                           })};
    Result<Ok> added = definitions_->add(import.module, import.name, std::move(definition));
    if (!added) return added;
  }
  return Ok{};
}

std::optional<Extern> Linker::get(StoreContext store, std::string_view module, std::string_view name) const {
  const Definition* definition = definitions_->find(module, name);
  if (definition == nullptr) return std::nullopt;
  detail::StoreState& state = store.state();
  if (definition->item) {
    if (definition->store != &state) return std::nullopt;
    return definition->item;
  }
  // Host functions are instantiated once per store and reused.
  const HostDefinition& host = *definition->host;
  auto [it, inserted] = state.linker_functions.try_emplace(host.callback.get(), nullptr);
  if (inserted)
    it->second = detail::add_host_function(state, host.type, host.callback, std::string(module), std::string(name));
  return detail::HandleAccess::func(&state, it->second);
}

Result<Instance> Linker::instantiate(StoreContext store, const Module& module) const {
  std::vector<Extern> imports;
  for (const ImportType& import : module.imports()) {
    const std::string what = "\"" + import.module + "\" \"" + import.name + "\"";
    const Definition* definition = definitions_->find(import.module, import.name);
    if (definition == nullptr)
      return make_error(ErrorKind::Link, "unknown import: " + what + " has not been defined (expected " + describe(import.type) + ")");
    if (definition->item && definition->store != &store.state())
      return make_error(ErrorKind::Link, "import " + what + " is defined in another store");
    std::optional<Extern> item = get(store, import.module, import.name);
    if (item->kind() != import.type.kind)
      return make_error(ErrorKind::Link, "incompatible import type for " + what + ": expected " + describe(import.type) + ", found " +
                        std::string(to_string(item->kind())));
    if (item->kind() == ExternKind::Function && item->func()->type() != import.type.func)
      return make_error(ErrorKind::Link, "incompatible import type for " + what + ": expected " + describe(import.type) + ", found func " +
                        to_string(item->func()->type()));
    imports.push_back(*item);
  }
  return Instance::create(store, module, imports);
}

}  // namespace wasmprof
